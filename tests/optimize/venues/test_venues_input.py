"""Venues input errors: malformed fields and impossible pins are refused naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from optimize.common import InputError
from optimize.venues import parse_venues
from tests.optimize.venues.venues_builders import at, instance, request, solve_checked, stage, venue


@pytest.mark.parametrize(
    ("requests", "message"),
    [
        ([request("R1", "10:00", "10:00")], "requests[0].end: not after start"),
        (
            [request("R1", "09:00", "10:00"), request("R2", "09:00", "10:00", candidates=["X"])],
            "requests[1].candidates[0]: unknown venue 'X'",
        ),
        (
            [request("R1", "09:00", "10:00", equipment=["crane"])],
            "requests[0].equipment[0]: unknown",
        ),
        ([request("R1", "09:00", "10:00", pinned_venue="X")], "requests[0].pinned_venue: unknown"),
        (
            [request("R1", "09:00", "10:00", attendees=60, pinned_venue="A")],
            "requests[0].pinned_venue: cannot use pinned venue A: capacity 50 < 60 attendees",
        ),
        ([request("R1", "09:00", "10:00"), request("R1", "11:00", "12:00")], "requests[1].id: dup"),
        (
            [{"id": "R1", "start": at("09:00"), "end": at("10:00")}],
            "requests[0].attendees: missing",
        ),
        ([request("R1", "2021-06-01T09:00:00", "10:00")], "requests[0].start: has no UTC offset"),
    ],
)
def test_malformed_requests_name_the_field(requests: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(InputError) as error:
        parse_venues(instance([venue("A"), venue("B")], requests))
    assert str(error.value).startswith(message)


@pytest.mark.parametrize(("gap_start", "ok"), [("10:30", True), ("10:29", False)])
def test_pins_clashing_through_the_buffer_are_refused_at_exact_boundary(
    gap_start: str, ok: bool
) -> None:
    data = instance(
        [venue("A", buffer_minutes=30)],
        [
            request("R1", "09:00", "10:00", pinned_venue="A"),
            request("R2", gap_start, "12:00", pinned_venue="A"),
        ],
    )
    if ok:
        _, solution = solve_checked(data)
        assert solution.objective[0] == 2
    else:
        with pytest.raises(InputError, match=r"requests\[1\]\.pinned_venue: clashes with R1"):
            parse_venues(data)


def test_pins_that_overload_equipment_are_refused() -> None:
    data = instance(
        [venue("A"), venue("B")],
        [
            request("R1", "10:00", "12:00", pinned_venue="A", equipment=["stage"]),
            request("R2", "14:59", "16:00", pinned_venue="B", equipment=["stage"]),
        ],
        [stage()],
    )
    with pytest.raises(InputError, match=r"requests\[1\]\.pinned_venue: .*more than 1 stage"):
        parse_venues(data)


def test_pin_into_a_closure_is_refused() -> None:
    closed = [{"start": at("09:30"), "end": at("18:00")}]
    data = instance(
        [venue("A", unavailable=closed)], [request("R1", "09:00", "10:00", pinned_venue="A")]
    )
    with pytest.raises(InputError, match=r"requests\[0\]\.pinned_venue: .*unavailable"):
        parse_venues(data)
