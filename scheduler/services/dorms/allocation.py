"""Allocation runs: the vacant rooms and the verified waiting list to the optimizer, recorded.

A run stores its whole input (the contract instance), the options and seed, the solution and a
fingerprint of the input in `OptimizationRun.progress`, and one PlanItem per applicant; so it can
be re-run at any time to show the same allocation. The dorms solver is exact and takes
milliseconds, so it runs in the request (no child process, no progress polling).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from optimize.api import solve_instance
from optimize.check import check_priority_order
from optimize.common import Options
from scheduler.db import utcnow
from scheduler.errors import N_, NotFound
from scheduler.models import (
    DormApplication,
    DormBuilding,
    DormRoom,
    OptimizationRun,
    PlanItem,
    User,
)
from scheduler.services import audit
from scheduler.services.dorms.periods import today_of
from scheduler.services.dorms.queue import allocatable_rooms, waiting_list

KIND = "dorms"
DRAFT, APPROVED, DISCARDED = "draft", "approved", "discarded"
OPTIONS = Options(time_limit=10.0, workers=1, seed=0)


def applicant_key(application: DormApplication) -> str:
    """The instance id of an application."""
    return f"A{application.id}"


def application_id_of(key: str) -> int:
    """The application id behind an instance id (A12 → 12)."""
    return int(key[1:])


def build_instance(session: Session, on: date) -> dict[str, Any]:
    """The contract instance: the rooms an allocation may give on `on`, the verified list."""
    rooms = [
        {
            "id": room.label,
            "building": room.building.code,
            "floor": room.floor,
            "gender": room.gender,
            "accessible": room.accessible,
        }
        for room in allocatable_rooms(session, on)
    ]
    applicants = [
        {
            "id": applicant_key(application),
            "points": application.points,
            "applied_on": application.applied_on.isoformat(),
            "gender": application.gender,
            "needs_accessible": application.needs_accessible,
            "preferences": list(application.preferences),
        }
        for application in waiting_list(session)
    ]
    return {"kind": KIND, "rooms": rooms, "applicants": applicants}


def fingerprint(instance: dict[str, Any]) -> str:
    """A short hash of the instance, to show two runs had the very same input."""
    canonical = json.dumps(instance, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def solve(instance: dict[str, Any]) -> dict[str, Any]:
    """The allocation of an instance (deterministic: the same input gives the same answer)."""
    return solve_instance(instance, OPTIONS)


def _reason_params(code: dict[str, Any], names: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The optimizer's parameters for people: building names, applicants as #12."""
    params = dict(code.get("params") or {})
    if "buildings" in params:
        params["buildings"] = [names.get(b, {"zh": b, "en": b}) for b in params["buildings"]]
    if "holders" in params:
        params["holders"] = [f"#{application_id_of(h)}" for h in params["holders"]]
    return {"code": code.get("code", ""), "params": params}


def _store_items(
    session: Session, run: OptimizationRun, instance: dict[str, Any], solution: dict[str, Any]
) -> None:
    rooms = {
        f"{code}-{number}": room_id
        for room_id, code, number in session.execute(
            select(DormRoom.id, DormBuilding.code, DormRoom.number).join(DormRoom.building)
        )
    }
    names = {
        b.code: {"zh": b.name_zh, "en": b.name_en} for b in session.scalars(select(DormBuilding))
    }
    assignments: dict[str, str] = solution.get("assignments") or {}
    codes: dict[str, list[dict[str, Any]]] = solution.get("unassigned_codes") or {}
    for raw in instance["applicants"]:
        key = raw["id"]
        room_id = rooms.get(assignments[key]) if key in assignments else None
        session.add(
            PlanItem(
                run_id=run.id,
                item_id=application_id_of(key),
                resource_id=room_id,
                change="new" if room_id else "unassigned",
                reasons=[_reason_params(c, names) for c in codes.get(key, [])],
            )
        )


def run_allocation(session: Session, actor: User, now: datetime | None = None) -> OptimizationRun:
    """Solve today's allocation and keep it as a draft proposal, with everything to re-run it."""
    now = now or utcnow()
    on = today_of(now)
    instance = build_instance(session, on)
    solution = solve(instance)
    run = OptimizationRun(
        kind=KIND,
        run_by_id=actor.id,
        started_at=now,
        finished_at=utcnow(),
        state=DRAFT,
        solver_status=str(solution.get("status", "")),
        objective=list(solution.get("objective") or []),
        solve_seconds=float(solution.get("solve_seconds") or 0.0),
        progress={
            "percent": 100,
            "as_of": on.isoformat(),
            "instance": instance,
            "options": {"seed": OPTIONS.seed, "workers": OPTIONS.workers},
            "fingerprint": fingerprint(instance),
            "solution": solution,
        },
    )
    session.add(run)
    session.flush()
    _store_items(session, run, instance, solution)
    session.flush()
    housed = len(solution.get("assignments") or {})
    audit.record(
        session,
        actor,
        "optimize",
        run,
        f"Allocation: {housed} of {len(instance['applicants'])} applicants, "
        f"{len(instance['rooms'])} rooms",
        fingerprint=run.progress["fingerprint"],
    )
    return run


def get_run(session: Session, run_id: int) -> OptimizationRun:
    """A dormitory allocation run; other kinds' runs are NotFound here."""
    run = session.get(OptimizationRun, run_id)
    if run is None or run.kind != KIND:
        raise NotFound(N_("No such allocation."))
    return run


def recent_runs(session: Session, limit: int = 20) -> list[OptimizationRun]:
    """The latest allocation runs, newest first."""
    stmt = select(OptimizationRun).where(OptimizationRun.kind == KIND)
    return list(session.scalars(stmt.order_by(OptimizationRun.id.desc()).limit(limit)))


@dataclass(frozen=True)
class Replay:
    """A recorded run solved again from its stored input: the same allocation or not."""

    same: bool
    fingerprint_matches: bool
    assignments: dict[str, str]
    violations: list[str]


def replay(session: Session, actor: User, run_id: int) -> Replay:
    """Solve a run's stored instance again and compare; the priority order is checked too."""
    run = get_run(session, run_id)
    instance = run.progress.get("instance") or {}
    solution = solve(instance)
    recorded = (run.progress.get("solution") or {}).get("assignments") or {}
    result = Replay(
        same=solution["assignments"] == recorded,
        fingerprint_matches=fingerprint(instance) == run.progress.get("fingerprint"),
        assignments=dict(solution["assignments"]),
        violations=check_priority_order(instance, solution),
    )
    audit.record(session, actor, "replay", run, "Allocation re-run", same=result.same)
    return result


@dataclass(frozen=True)
class ProposalRow:
    """One applicant of a run: their place in the run's order, the room proposed or the reasons."""

    place: int
    application: DormApplication
    item: PlanItem
    room: DormRoom | None


def proposal(session: Session, run: OptimizationRun) -> list[ProposalRow]:
    """The run's applicants in the priority order it used."""
    order = [
        application_id_of(a["id"])
        for a in (run.progress.get("instance") or {}).get("applicants", [])
    ]
    place = {app_id: n for n, app_id in enumerate(order, start=1)}
    rows = []
    for item in run.items:
        application = session.get(DormApplication, item.item_id)
        room = session.get(DormRoom, item.resource_id) if item.resource_id else None
        if application is not None:
            rows.append(ProposalRow(place.get(item.item_id, 0), application, item, room))
    return sorted(rows, key=lambda row: row.place)
