"""Why an applicant stays waiting: the contract's readable text and the same reason as a code.

Each reason is built once and given two ways: `text` for the contract's `unassigned` list and
`code` + `params` for the extra `unassigned_codes` field, which an app renders in its reader's
language. Parameters are plain JSON values; applicant ids are the instance's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from optimize.dorms.problem import Applicant, DormsProblem
from optimize.plan_text import name_list

NO_ROOM_IN_PREFERRED = "dorms.no_room_in_preferred"
NO_ROOM_FOR_GENDER = "dorms.no_room_for_gender"
NO_ACCESSIBLE_ROOM = "dorms.no_accessible_room"
NEEDED_BY_HIGHER_RANKED = "dorms.needed_by_higher_ranked"
ROOMS_TAKEN = "dorms.rooms_taken"


@dataclass(frozen=True)
class Reason:
    """One reason an applicant waits, in words and as a code with parameters."""

    text: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_code(self) -> dict[str, Any]:
        """The {"code", "params"} form of `unassigned_codes`."""
        return {"code": self.code, "params": dict(self.params)}


def no_room(problem: DormsProblem, applicant: Applicant) -> Reason:
    """Which of the applicant's own requirements no vacant room meets, narrowest first."""
    rooms = list(problem.rooms)
    buildings = list(applicant.preferences)
    where = ""
    if buildings:
        where = " in preferred buildings " + ", ".join(buildings)
        rooms = [r for r in rooms if r.building in buildings]
        if not rooms:
            return Reason("no vacant room" + where, NO_ROOM_IN_PREFERRED, {"buildings": buildings})
    rooms = [r for r in rooms if r.gender is None or r.gender == applicant.gender]
    who = f" for gender {applicant.gender}" if applicant.gender else " open to any gender"
    params = {"gender": applicant.gender, "buildings": buildings}
    if not rooms:
        return Reason("no vacant room" + who + where, NO_ROOM_FOR_GENDER, params)
    return Reason("no accessible room" + who + where, NO_ACCESSIBLE_ROOM, params)


def needed_by_higher_ranked(fitting: int, holders: Sequence[str]) -> Reason:
    """Every fitting room is needed by the higher-ranked applicants housed (best-ranked first)."""
    rooms = "the fitting room is" if fitting == 1 else f"all {fitting} fitting rooms are"
    who = "applicant" if len(holders) == 1 else "applicants"
    return Reason(
        f"{rooms} needed by higher-ranked {who} {name_list(holders)}",
        NEEDED_BY_HIGHER_RANKED,
        {"rooms": fitting, "holders": list(holders)},
    )


def rooms_taken(holders: Sequence[str]) -> Reason:
    """The greedy's reason: the fitting rooms went to these applicants first."""
    return Reason(
        f"fitting rooms taken by {name_list(holders)}", ROOMS_TAKEN, {"holders": list(holders)}
    )
