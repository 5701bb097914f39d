"""What one trip request looks like: when, how many, where to and why (no vehicle yet)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from scheduler.demo.names import office_phone, person_name
from scheduler.demo.workdays import at

DISTRICTS = ("中正", "大同", "中山", "松山", "大安", "萬華", "信義", "士林", "北投", "內湖", "南港", "文山")  # fmt: skip

# (destination, purpose, agencies that make such trips: empty for any); "{d}" becomes a district.
ROUTINE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("臺北市議會", "出席市議會定期大會備詢", ()),
    ("臺北市議會", "議員質詢資料送件", ()),
    ("行政院", "出席行政院跨部會協調會議", ()),
    ("新北市政府", "北北基桃首長會議幕僚作業", ("SEC", "RDEC", "DOT", "UDD")),
    ("臺北車站", "接送外賓", ("SEC", "TOUR", "DOED")),
    ("松山機場", "接送外賓", ("SEC", "TOUR", "DOED")),
    ("{d}區公所", "區里業務督導", ("CIV", "SEC", "SWD")),
    ("{d}區公所", "里長座談會", ("CIV", "RDEC")),
    ("內政部", "地方自治業務會議", ("CIV", "LAND", "IPC")),
    ("衛生福利部", "社福補助計畫審查會", ("SWD", "HLT")),
    ("{d}區健康服務中心", "社區健康業務訪視", ("HLT",)),
    ("臺北市立聯合醫院和平院區", "醫療業務協調", ("HLT", "FIRE")),
    ("{d}區工程現場", "工程現地會勘", ("PWD", "DORTS", "UDD", "TWD", "DEP")),
    ("{d}區國民運動中心", "運動中心營運督導", ("SPORT",)),
    ("臺北市立美術館", "文化活動協調", ("CUL", "TOUR")),
    ("南港展覽館", "展覽活動場地勘查", ("DOED", "TOUR", "CUL")),
    ("花博公園", "市政活動場勘", ("SEC", "TOUR", "SPORT")),
    ("臺北流行音樂中心", "大型活動籌備會議", ("CUL", "TOUR")),
    ("{d}區國民小學", "校園訪視", ("EDU",)),
    ("臺北地方法院", "訴訟案件出庭", ("LAW", "ETH", "POL")),
    ("監察院", "陳情案件說明", ("ETH", "LAW", "PER")),
    ("{d}區地政事務所", "地政業務督導", ("LAND",)),
    ("{d}區就業服務站", "就業服務業務訪視", ("DOL",)),
    ("捷運行控中心", "營運安全會議", ("DORTS", "TRTC", "DOT")),
    ("審計部臺北市審計處", "決算查核說明", ("DBAS", "FIN")),
    ("{d}區機關資訊室", "資訊設備巡檢", ("DOIT",)),
)
PANDEMIC = (
    ("防疫旅館（{d}區）", "防疫旅館督導查核"),
    ("{d}區疫苗接種站", "疫苗接種站人力支援"),
    ("花博爭豔館大型疫苗接種站", "接種站動線會勘"),
    ("萬華區社區篩檢站", "快篩站物資運送"),
    ("{d}區健康服務中心", "防疫物資配送"),
    ("臺北市立聯合醫院中興院區", "專責病房協調"),
    ("{d}區公所", "居家檢疫關懷包配送"),
)
FLOOD = (
    ("玉成抽水站", "抽水站防汛整備檢查"),
    ("社子島堤防", "堤防及疏散門巡查"),
    ("大湖公園滯洪池", "滯洪設施巡檢"),
    ("景美溪堤防", "豪雨應變巡視"),
    ("{d}區公所", "防汛沙包整備"),
)

START_MINUTES = list(range(7 * 60 + 30, 16 * 60 + 31, 15))
START_WEIGHTS = [
    3 if 9 * 60 <= m <= 10 * 60 or 13 * 60 + 30 <= m <= 14 * 60 + 30 else 1 for m in START_MINUTES
]
DURATIONS = (30, 45, 60, 90, 120, 150, 180, 240)
DURATION_WEIGHTS = (10, 12, 20, 20, 15, 8, 8, 4)
PASSENGERS = (1, 2, 3, 4, 5, 6, 7)
PASSENGER_WEIGHTS = (40, 28, 15, 8, 4, 3, 2)
SEDAN_PASSENGERS = 4  # a 5-seat sedan carries the driver and four


@dataclass(frozen=True)
class TripDraft:
    """One request's content; the caller decides its status and vehicle."""

    agency_code: str
    start: datetime
    end: datetime
    passengers: int
    needs: tuple[str, ...]
    destination: str
    purpose: str
    urgent_reason: str  # "", "pandemic" or "flood"
    passenger_names: str
    contact_name: str
    contact_phone: str
    contact_email: str


@dataclass(frozen=True)
class Era:
    """How likely a day's trips are pandemic or flood duty, and which agencies ask most."""

    agency_weights: dict[str, int]
    pandemic: float
    flood: float
    urgent: float  # share of pandemic / flood trips marked urgent


def draft_trip(rng: random.Random, day: date, era: Era) -> TripDraft:
    """A plausible request on `day` drawn from `era`."""
    codes = list(era.agency_weights)
    agency_code = rng.choices(codes, weights=[era.agency_weights[c] for c in codes])[0]
    roll = rng.random()
    duty = "pandemic" if roll < era.pandemic else "flood" if roll < era.pandemic + era.flood else ""
    if duty:
        destination, purpose = rng.choice(PANDEMIC if duty == "pandemic" else FLOOD)
    else:
        fitting = [(d, p) for d, p, agencies in ROUTINE if not agencies or agency_code in agencies]
        destination, purpose = rng.choice(fitting)
    start = at(day, rng.choices(START_MINUTES, weights=START_WEIGHTS)[0])
    end = start + timedelta(minutes=rng.choices(DURATIONS, weights=DURATION_WEIGHTS)[0])
    passengers = rng.choices(PASSENGERS, weights=PASSENGER_WEIGHTS)[0]
    needs: tuple[str, ...] = ("van",) if passengers > SEDAN_PASSENGERS else ()
    roll = rng.random()
    if roll < 0.015 and passengers <= 5:
        needs = ("accessible", "van")
    elif roll < 0.055 and not needs:
        needs = ("ev",)
    names = [person_name(rng) for _ in range(passengers)]
    return TripDraft(
        agency_code=agency_code,
        start=start,
        end=end,
        passengers=passengers,
        needs=needs,
        destination=destination.format(d=rng.choice(DISTRICTS)),
        purpose=purpose,
        urgent_reason=duty if duty and rng.random() < era.urgent else "",
        passenger_names="、".join(names),
        contact_name=names[0],
        contact_phone=office_phone(rng),
        contact_email=f"{agency_code.lower()}{rng.randint(100, 999)}@mail.taipei.gov.tw",
    )
