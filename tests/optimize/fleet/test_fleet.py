"""Fleet model on hand-made instances with known optima: one test per hard constraint and level."""

from __future__ import annotations

import pytest

from optimize.common import InputError
from optimize.fleet import check_fleet, fleet_bounds, greedy_fleet, parse_fleet
from tests.optimize.fleet_builders import at, instance, solve_checked, trip, vehicle

# ---------------------------------------------------------------- hard constraints


def test_seats_and_features_pick_the_only_fitting_vehicle() -> None:
    data = instance(
        [vehicle("V1", 5, features=["van"]), vehicle("V2", 8), vehicle("V3", 8, features=["van"])],
        [trip("T1", "09:00", "10:00", passengers=7, requires=["van"])],
    )
    _, solution = solve_checked(data)
    assert solution.assignments == {"T1": "V3"}
    assert solution.objective == [1, 0, 0, 60]


def test_trip_nobody_can_take_says_why() -> None:
    data = instance(
        [vehicle("V1", 5), vehicle("V2", 7)], [trip("T1", "09:00", "10:00", passengers=12)]
    )
    _, solution = solve_checked(data)
    assert solution.unassigned == {"T1": ["no vehicle has 12 seats"]}
    assert solution.objective == [0, 0, 0, 0]


def test_reasons_name_each_vehicle_problem() -> None:
    data = instance(
        [
            vehicle("V1", 3),
            vehicle("V2", features=["sedan"]),
            vehicle(
                "V3", features=["van"], unavailable=[{"start": at("09:30"), "end": at("12:00")}]
            ),
        ],
        [trip("T1", "09:00", "10:00", passengers=4, requires=["van"])],
    )
    _, solution = solve_checked(data)
    reasons = " | ".join(solution.unassigned["T1"])
    assert "V1" in reasons and "seats" in reasons
    assert "V2: lacks van" in reasons
    assert "V3: is unavailable" in reasons


def test_busy_vehicles_are_named_with_the_trips_holding_them() -> None:
    data = instance(
        [vehicle("V1"), vehicle("V2")],
        [
            trip("T1", "09:00", "11:00", priority=2),
            trip("T2", "09:30", "10:30", priority=2),
            trip("T3", "10:00", "10:15"),
        ],
    )
    _, solution = solve_checked(data)
    assert solution.objective[0] == 4
    assert solution.unassigned == {"T3": ["V1, V2 busy with T1, T2"]}


@pytest.mark.parametrize(("second_start", "both"), [("10:15", True), ("10:14", False)])
def test_turnaround_boundary_is_exact(second_start: str, both: bool) -> None:
    data = instance(
        [vehicle("V1")], [trip("T1", "09:00", "10:00"), trip("T2", second_start, "11:00")]
    )
    _, solution = solve_checked(data)
    assert len(solution.assignments) == (2 if both else 1)


def test_turnaround_uses_instants_across_utc_offsets() -> None:
    # T2 starts 02:10 UTC = 10:10 +08:00: only 10 minutes after T1 ends, so one vehicle cannot do both.
    data = instance(
        [vehicle("V1")],
        [trip("T1", "09:00", "10:00"), trip("T2", at("02:10", "+00:00"), at("03:00", "+00:00"))],
    )
    _, solution = solve_checked(data)
    assert solution.objective[0] == 1
    ok = instance(
        [vehicle("V1")],
        [trip("T1", "09:00", "10:00"), trip("T2", at("02:15", "+00:00"), at("03:00", "+00:00"))],
    )
    assert solve_checked(ok)[1].objective[0] == 2


def test_availability_window_must_contain_the_trip() -> None:
    window = [{"start": at("08:00"), "end": at("12:00")}]
    data = instance(
        [vehicle("V1", available=window)],
        [trip("T1", "08:00", "12:00"), trip("T2", "12:30", "13:00", priority=3)],
    )
    _, solution = solve_checked(data)
    assert solution.assignments == {"T1": "V1"}
    assert "not available" in solution.unassigned["T2"][0]


def test_empty_available_list_means_always() -> None:
    data = instance([vehicle("V1", available=[])], [trip("T1", "23:00", "23:30")])
    assert solve_checked(data)[1].assignments == {"T1": "V1"}


def test_unavailable_window_is_half_open() -> None:
    data = instance(
        [vehicle("V1", unavailable=[{"start": at("10:00"), "end": at("11:00")}])],
        [trip("T1", "09:00", "10:00"), trip("T2", "11:00", "12:00"), trip("T3", "10:59", "11:30")],
    )
    _, solution = solve_checked(data)
    assert set(solution.assignments) == {"T1", "T2"}


def test_daily_limit_counts_by_the_trips_own_offset_day() -> None:
    # Both trips are on 2021-06-01 in +08:00 instants, but T2 is written in UTC where it starts on
    # 2021-05-31 (23:00Z): different calendar days, so a 120-minute daily limit allows both.
    limit = vehicle("V1", max_minutes_per_day=120)
    t1 = trip("T1", "10:00", "11:30")
    t2_utc = trip("T2", at("23:00", "+00:00", "2021-05-31"), at("00:30", "+00:00", "2021-06-01"))
    assert solve_checked(instance([limit], [t1, t2_utc]))[1].objective[0] == 2
    t2_local = trip("T2", "07:00", "08:30")
    _, solution = solve_checked(instance([limit], [t1, t2_local]))
    assert solution.objective[0] == 1
    assert "daily driving limit" in solution.unassigned[next(iter(solution.unassigned))][0]


def test_pins_hold_even_when_another_choice_serves_more() -> None:
    data = instance(
        [vehicle("V1"), vehicle("V2", agency="A2")],
        [
            trip("T1", "09:00", "12:00", pinned_vehicle="V1"),
            trip("T2", "10:00", "11:00", priority=3),
        ],
    )
    _, solution = solve_checked(data)
    assert solution.assignments["T1"] == "V1"
    assert solution.assignments["T2"] == "V2"
    assert solution.objective == [4, 0, 1, 180]


@pytest.mark.parametrize(
    ("pin_setup", "message"),
    [
        ({"pinned_vehicle": "V9"}, "trips[1].pinned_vehicle: unknown vehicle V9"),
        (
            {"pinned_vehicle": "V1", "passengers": 7},
            "trips[1].pinned_vehicle: V1 has 5 seats, trip needs 7",
        ),
        ({"pinned_vehicle": "V1", "requires": ["van"]}, "trips[1].pinned_vehicle: V1 lacks van"),
    ],
)
def test_impossible_pin_is_an_input_error_naming_the_trip(pin_setup: dict, message: str) -> None:
    data = instance(
        [vehicle("V1")], [trip("T0", "07:00", "08:00"), trip("T1", "09:00", "10:00", **pin_setup)]
    )
    with pytest.raises(InputError) as raised:
        parse_fleet(data)
    assert str(raised.value) == message


def test_two_pinned_trips_too_close_on_one_vehicle_are_an_input_error() -> None:
    data = instance(
        [vehicle("V1")],
        [
            trip("T1", "09:00", "10:00", pinned_vehicle="V1"),
            trip("T2", "10:05", "11:00", pinned_vehicle="V1"),
        ],
    )
    with pytest.raises(InputError, match=r"^trips\[1\]\.pinned_vehicle: V1 is also pinned to T1"):
        parse_fleet(data)


@pytest.mark.parametrize(
    ("field_change", "message"),
    [
        (lambda d: d["trips"][0].update(end=at("08:00")), "trips[0].end: not after start"),
        (lambda d: d["trips"].append(dict(d["trips"][0])), "trips[1].id: duplicate id 'T1'"),
        (
            lambda d: d["trips"][0].update(start="soon"),
            "trips[0].start: not an ISO-8601 time: 'soon'",
        ),
        (
            lambda d: d["trips"][0].update(start="2021-06-01T09:00:00"),
            "trips[0].start: has no UTC offset",
        ),
        (
            lambda d: d["vehicles"][0].update(max_minutes_per_day=-1),
            "vehicles[0].max_minutes_per_day: must be at least 0",
        ),
    ],
)
def test_malformed_input_names_the_field(field_change, message: str) -> None:  # type: ignore[no-untyped-def]
    data = instance([vehicle("V1")], [trip("T1", "09:00", "10:00")])
    field_change(data)
    with pytest.raises(InputError) as raised:
        parse_fleet(data)
    assert str(raised.value) == message


# ---------------------------------------------------------------- levels


def test_level1_prefers_priority_weight_over_trip_count() -> None:
    data = instance(
        [vehicle("V1")],
        [
            trip("T1", "09:00", "12:00", priority=3),
            trip("T2", "09:00", "10:00"),
            trip("T3", "10:30", "11:30"),
        ],
    )
    _, solution = solve_checked(data)
    assert solution.assignments == {"T1": "V1"}
    assert solution.objective[0] == 3


def test_level2_keeps_previous_vehicles_when_nothing_is_lost() -> None:
    data = instance(
        [vehicle("V1"), vehicle("V2"), vehicle("V3", agency="A2")],
        [
            trip("T1", "09:00", "10:00", previous_vehicle="V3"),
            trip("T2", "09:00", "10:00", previous_vehicle="V2"),
            trip("T3", "09:00", "10:00", previous_vehicle="V9"),  # unknown: always counts as moved
        ],
    )
    _, solution = solve_checked(data)
    assert solution.assignments["T1"] == "V3" and solution.assignments["T2"] == "V2"
    # Level 3 would rather give T1 an A1 vehicle, but level 2 comes first.
    assert solution.objective == [3, 1, 1, 60]


def test_level2_gives_way_to_level1() -> None:
    data = instance(
        [vehicle("V1"), vehicle("V2", seats=8)],
        [
            trip("T1", "09:00", "10:00", previous_vehicle="V2"),
            trip("T2", "09:00", "10:00", passengers=7),
        ],
    )
    _, solution = solve_checked(data)
    assert solution.objective == [2, 1, 0, 60]


def test_level3_prefers_the_trips_own_agency() -> None:
    data = instance(
        [vehicle("V1", agency="A1"), vehicle("V2", agency="A2"), vehicle("V3", agency="A3")],
        [trip("T1", "09:00", "10:00", agency="A2"), trip("T2", "09:00", "10:00", agency="A3")],
    )
    _, solution = solve_checked(data)
    assert solution.assignments == {"T1": "V2", "T2": "V3"}
    assert solution.objective == [2, 0, 0, 60]


def test_level4_spreads_minutes_over_vehicles() -> None:
    data = instance(
        [vehicle("V1"), vehicle("V2")],
        [trip("T1", "08:00", "10:00"), trip("T2", "11:00", "13:00"), trip("T3", "14:00", "15:00")],
    )
    _, solution = solve_checked(data)
    assert solution.objective == [3, 0, 0, 180]


def test_ties_have_one_objective_whatever_plan_comes_out() -> None:
    vehicles = [vehicle(f"V{i}") for i in range(1, 4)]
    trips = [trip(f"T{i}", "09:00", "10:00") for i in range(1, 6)]
    _, solution = solve_checked(instance(vehicles, trips))
    assert solution.objective == [3, 0, 0, 60]
    assert len(solution.unassigned) == 2


def test_never_less_priority_than_greedy_and_bounds_hold() -> None:
    vehicles = [vehicle("V1"), vehicle("V2", seats=8, features=["van"])]
    trips = [
        trip("T1", "08:00", "09:00"),
        trip("T2", "08:30", "09:30", passengers=6, priority=3),
        trip("T3", "09:00", "11:00", priority=2),
        trip("T4", "10:00", "10:30", passengers=20),
    ]
    problem, solution = solve_checked(instance(vehicles, trips))
    greedy = greedy_fleet(problem)
    assert check_fleet(problem, greedy) == []
    bounds = fleet_bounds(problem)
    assert greedy.objective[0] <= solution.objective[0] <= bounds["objective_bound"][0] == 6
    # T1 and T3 are closer than the turnaround on V1, and V2 is busy with the van trip T2.
    assert solution.objective[0] == 5
    assert bounds["trips_fitting_no_vehicle"] == 1


def test_checker_reports_each_broken_rule() -> None:
    data = instance(
        [vehicle("V1", max_minutes_per_day=60), vehicle("V2", seats=2)],
        [
            trip("T1", "09:00", "10:00"),
            trip("T2", "10:05", "10:35"),
            trip("T3", "11:00", "12:00", passengers=4),
        ],
    )
    problem = parse_fleet(data)
    bad = {"assignments": {"T1": "V1", "T2": "V1", "T3": "V2"}, "unassigned": {}}
    errors = check_fleet(problem, bad)
    assert any("T1 and T2 less than 15 min apart" in e for e in errors)
    assert any("exceeds the daily limit 60" in e for e in errors)
    assert any("T3: V2 has 2 seats" in e for e in errors)
    assert check_fleet(problem, {"assignments": {}, "unassigned": {"T1": ["x"], "T2": ["x"]}}) == [
        "T3: unassigned without a reason"
    ]


# ---------------------------------------------------------------- decomposition


def test_groups_split_only_where_no_vehicle_links_trips() -> None:
    from optimize.fleet.decompose import independent_groups
    from optimize.fleet.rules import feasible_pairs

    day2 = "2021-06-02"
    trips = [
        trip("T1", "09:00", "10:00"),
        trip("T2", "10:10", "11:00"),  # within the turnaround of T1: linked
        trip("T3", at("09:00", day=day2), at("10:00", day=day2)),  # next day: separate
        trip("T4", "13:00", "14:00", passengers=9),  # no vehicle fits: alone
    ]
    problem = parse_fleet(instance([vehicle("V1"), vehicle("V2")], trips))
    assert independent_groups(problem, feasible_pairs(problem)) == [[0, 1], [2], [3]]
    # A 23:30Z trip starts on 2021-06-01 in its own offset (07:30 +08:00 on 2021-06-02): a daily
    # limit that could bind joins it to the 2021-06-01 trips, though hours apart.
    early = trip("T5", at("23:30", "+00:00"), at("00:30", "+00:00", day2))
    limited = [vehicle("V1", max_minutes_per_day=90)]
    problem = parse_fleet(instance(limited, [trips[0], trips[2], early]))
    assert independent_groups(problem, feasible_pairs(problem)) == [[0, 2], [1]]
    # With a limit no day's trips could reach, nothing links them.
    roomy = [vehicle("V1", max_minutes_per_day=600)]
    problem = parse_fleet(instance(roomy, [trips[0], trips[2], early]))
    assert independent_groups(problem, feasible_pairs(problem)) == [[0], [1], [2]]
