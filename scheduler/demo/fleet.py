"""The pooled fleet as the report describes it: 39 vehicles of 21 agencies, 13 recalled in 2021."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from scheduler.demo.context import DemoContext
from scheduler.demo.names import mobile_phone, person_name
from scheduler.demo.workdays import at
from scheduler.models import Vehicle, VehicleOutage

PANDEMIC_RECALL = "防疫勤務調回"
FLOOD_RECALL = "防汛勤務調回"

# Each agency's enrolled vehicles, one letter each: S sedan, E electric sedan, V van,
# A accessible van. 21 agencies, 39 vehicles.
ENROLLED: dict[str, str] = {
    "SEC": "SSSEVA", "CIV": "SV", "FIN": "S", "EDU": "SS", "DOED": "SE", "PWD": "SV",
    "DOT": "SS", "SWD": "VS", "DOL": "S", "POL": "SSV", "HLT": "SVS", "DEP": "ES",
    "UDD": "S", "CUL": "SV", "FIRE": "S", "DORTS": "V", "LAND": "S", "TOUR": "S",
    "DOIT": "E", "TWD": "SS", "SPORT": "S",
}  # fmt: skip

# Recalls until further notice, taken from each agency's last enrolled vehicles: 13 in all, which
# empties the pool of PWD, HLT and FIRE (26 vehicles of 18 agencies remain).
RECALLS: dict[str, tuple[tuple[date, str], ...]] = {
    "HLT": (
        (date(2021, 1, 18), PANDEMIC_RECALL + "：醫院群聚感染疫調"),
        (date(2021, 5, 12), PANDEMIC_RECALL + "：社區篩檢站"),
        (date(2021, 5, 14), PANDEMIC_RECALL + "：疫苗接種站"),
    ),
    "POL": (
        (date(2021, 1, 25), PANDEMIC_RECALL + "：居家檢疫查訪"),
        (date(2021, 5, 17), PANDEMIC_RECALL + "：萬華區防疫管制"),
    ),
    "FIRE": ((date(2021, 5, 16), PANDEMIC_RECALL + "：確診者送醫"),),
    "SWD": ((date(2021, 5, 18), PANDEMIC_RECALL + "：弱勢家庭物資配送"),),
    "EDU": ((date(2021, 5, 19), PANDEMIC_RECALL + "：校園防疫物資配送"),),
    "DEP": ((date(2021, 5, 20), PANDEMIC_RECALL + "：環境清潔消毒"),),
    "PWD": (
        (date(2021, 5, 31), FLOOD_RECALL + "：抽水站及堤防巡查"),
        (date(2021, 6, 1), FLOOD_RECALL + "：防汛搶險"),
    ),
    "DOT": ((date(2021, 6, 2), FLOOD_RECALL + "：積淹水路段交通管制"),),
    "TWD": ((date(2021, 6, 4), FLOOD_RECALL + "：管線搶修"),),
}

# Secretariat vehicles outside the pool: with the 6 enrolled, its 11 cars and 1 motorcycle.
SECRETARIAT_OWN = "SSSSSM"

PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O, as on Taiwanese plates


@dataclass(frozen=True)
class VehicleKind:
    """What a letter in ENROLLED stands for."""

    kind: str
    seats: tuple[int, ...]
    features: tuple[str, ...]


KINDS = {
    "S": VehicleKind("sedan", (5,), ()),
    "E": VehicleKind("sedan", (5,), ("ev",)),
    "V": VehicleKind("van", (7, 8, 9), ("van",)),
    "A": VehicleKind("van", (7,), ("accessible", "van")),
    "M": VehicleKind("motorcycle", (1,), ()),
}


def create_fleet(ctx: DemoContext) -> list[Vehicle]:
    """Add every vehicle with its recalls and a few short maintenance stops; returns the pool."""
    plates: set[str] = set()
    pool: list[Vehicle] = []
    for agency_code, letters in ENROLLED.items():
        recalls = RECALLS.get(agency_code, ())
        for number, letter in enumerate(letters, start=1):
            vehicle = _vehicle(ctx, agency_code, number, letter, plates, in_pool=True)
            recalled_index = number - 1 - (len(letters) - len(recalls))
            if recalled_index >= 0:
                start, reason = recalls[recalled_index]
                vehicle.outages.append(
                    VehicleOutage(
                        kind="recall",
                        start=at(start, 8 * 60),
                        end=None,
                        reason=reason,
                        created_by_id=ctx.users["dispatcher"].id,
                        created_at=ctx.stamp(start, 8),
                    )
                )
            pool.append(vehicle)
    own = [
        _vehicle(ctx, "SEC", len(ENROLLED["SEC"]) + n, letter, plates, in_pool=False)
        for n, letter in enumerate(SECRETARIAT_OWN, start=1)
    ]
    _add_maintenance(ctx, [v for v in pool if not v.outages])
    ctx.session.add_all(pool + own)
    return pool


def _vehicle(
    ctx: DemoContext, agency_code: str, number: int, letter: str, plates: set[str], in_pool: bool
) -> Vehicle:
    rng = ctx.rng
    spec = KINDS[letter]
    plate = ""
    while not plate or plate in plates:
        digits = "".join(rng.choice("0123567890") for _ in range(4))  # 4 is avoided on plates
        plate = "".join(rng.choice(PLATE_LETTERS) for _ in range(3)) + "-" + digits
    plates.add(plate)
    return Vehicle(
        code=f"{agency_code}-{number:02d}",
        plate=plate,
        agency=ctx.agencies[agency_code],
        kind=spec.kind,
        seats=rng.choice(spec.seats),
        features=list(spec.features),
        max_minutes_per_day=540 if agency_code == "SEC" else 480,
        driver_name=person_name(rng, "M" if rng.random() < 0.85 else "F"),
        driver_phone=mobile_phone(rng),
        in_pool=in_pool,
        active=True,
    )


def _add_maintenance(ctx: DemoContext, vehicles: list[Vehicle]) -> None:
    """A few one- or two-day services in spring 2021, one recent and one booked for next week."""
    rng = ctx.rng
    chosen = rng.sample(vehicles, 7)
    for vehicle in chosen[:5]:
        first = date(2021, 2, 22) + timedelta(days=rng.randrange(0, 60))
        _maintenance(ctx, vehicle, first, rng.choice((1, 2)), "定期保養")
    _maintenance(ctx, chosen[5], ctx.today - timedelta(days=rng.randint(10, 20)), 1, "車輛檢修")
    _maintenance(ctx, chosen[6], ctx.today + timedelta(days=rng.randint(5, 8)), 1, "定期保養")


def _maintenance(ctx: DemoContext, vehicle: Vehicle, first: date, days: int, reason: str) -> None:
    vehicle.outages.append(
        VehicleOutage(
            kind="maintenance",
            start=at(first, 8 * 60),
            end=at(first + timedelta(days=days - 1), 18 * 60),
            reason=reason,
            created_at=ctx.stamp(first - timedelta(days=7)),
        )
    )
