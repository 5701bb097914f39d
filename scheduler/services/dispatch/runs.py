"""Fleet optimization runs: start one, solve with no transaction open, store the draft plan."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from optimize.api import solve_with_deadline
from optimize.common import Options, Progress
from scheduler.db import utcnow
from scheduler.models import OptimizationRun, PlanItem, User, Vehicle
from scheduler.services import audit
from scheduler.services.dispatch.problem import Period, to_problem, trip_id_of

log = logging.getLogger(__name__)

RUNNING, DRAFT, APPROVED, DISCARDED, FAILED = "running", "draft", "approved", "discarded", "failed"
HARD_STOP_MARGIN = 2.0  # seconds the child may overrun its limit before it is killed
STALL_GRACE = 60.0  # beyond limit + margin, for storing the result on a busy server


class Solver(Protocol):
    def __call__(
        self,
        data: dict[str, Any],
        options: Options,
        *,
        on_progress: Callable[[Progress], None] | None = None,
    ) -> dict[str, Any]: ...


def _solve(
    data: dict[str, Any], options: Options, *, on_progress: Callable[[Progress], None] | None = None
) -> dict[str, Any]:
    return solve_with_deadline(data, options, margin=HARD_STOP_MARGIN, on_progress=on_progress)


def start_run(
    session: Session,
    actor: User,
    period: Period,
    time_limit: float,
    now: datetime | None = None,
    pins: dict[int, int] | None = None,
) -> tuple[OptimizationRun, dict[str, Any]]:
    """Record a running run for `period` and build its instance; the caller commits, then solves."""
    scope = to_problem(session, period, now, pins)
    run = OptimizationRun(
        kind="fleet",
        period_start=period.start,
        period_end=period.end,
        run_by_id=actor.id,
        state=RUNNING,
        progress={
            "percent": 0,
            "time_limit": time_limit,
            "trips": len(scope.trips),
            "notes": scope.notes,
            # Trip versions as read: a later change to any of them makes the draft stale.
            "versions": {str(k): v for k, v in scope.versions.items()},
        },
    )
    session.add(run)
    session.flush()
    audit.record(
        session,
        actor,
        "optimize",
        run,
        f"Optimize {len(scope.trips)} trips {period.first_day} to {period.last_day}",
        pins=len([t for t in scope.instance["trips"] if t["pinned_vehicle"]]),
    )
    return run, scope.instance


def progress_percent(progress: Progress, time_limit: float) -> int:
    """How far a solve is: the further of elapsed time and levels done (never 100 before the end)."""
    span = max(abs(progress.bound), abs(progress.objective), 1.0)
    closed = 1.0 - min(1.0, abs(progress.bound - progress.objective) / span)
    by_level = (max(progress.level, 1) - 1 + closed) / max(progress.levels, 1)
    by_time = progress.seconds / max(time_limit, 0.1)
    return min(99, int(100 * max(by_level, by_time)))


def shown_percent(run: OptimizationRun, now: datetime | None = None) -> int:
    """The progress bar's value: stored progress, or the elapsed share of the time limit if further."""
    if run.state != RUNNING:
        return 100
    now = now or utcnow()
    limit = float(run.progress.get("time_limit") or 10.0) + HARD_STOP_MARGIN
    elapsed = (now - run.started_at).total_seconds()
    return min(99, max(int(run.progress.get("percent", 0)), int(100 * elapsed / limit)))


def fail_if_stalled(session: Session, run: OptimizationRun, now: datetime | None = None) -> bool:
    """Mark a run failed whose solve can no longer be alive (killed at its limit, so the server
    must have restarted meanwhile); True if it was. Otherwise its page would poll forever."""
    if run.state != RUNNING:
        return False
    limit = float(run.progress.get("time_limit") or 10.0) + HARD_STOP_MARGIN + STALL_GRACE
    if ((now or utcnow()) - run.started_at).total_seconds() <= limit:
        return False
    run.state = FAILED
    run.finished_at = now or utcnow()
    run.progress = {**run.progress, "error": "the solve stopped without a result; optimize again"}
    session.flush()
    audit.record(session, None, "fail", run, "Optimization stalled")
    return True


class ProgressWriter:
    """on_progress for the solver: writes run.progress in short transactions of its own."""

    def __init__(
        self, sessions: sessionmaker[Session], run_id: int, time_limit: float, interval: float = 0.3
    ) -> None:
        self.sessions = sessions
        self.run_id = run_id
        self.time_limit = time_limit
        self.interval = interval  # the page polls twice a second; more writes buy nothing
        self._last = 0.0

    def __call__(self, progress: Progress) -> None:
        moment = time.monotonic()
        if moment - self._last < self.interval:
            return
        self._last = moment
        with self.sessions() as session:
            run = session.get(OptimizationRun, self.run_id)
            if run is None or run.state != RUNNING:
                return
            percent = max(
                int(run.progress.get("percent", 0)), progress_percent(progress, self.time_limit)
            )
            run.progress = {
                **run.progress,
                "level": progress.level,
                "levels": progress.levels,
                "objective": progress.objective,
                "bound": progress.bound,
                "seconds": round(progress.seconds, 2),
                "percent": percent,
            }
            session.commit()


def execute_run(
    sessions: sessionmaker[Session],
    run_id: int,
    instance: dict[str, Any],
    time_limit: float,
    solver: Solver = _solve,
) -> None:
    """Solve a committed running run and store its draft; meant for a background thread.

    No session is open while the solver works: SQLite writers would queue behind it.
    """
    writer = ProgressWriter(sessions, run_id, time_limit)
    try:
        solution = solver(instance, Options(time_limit=time_limit, workers=1), on_progress=writer)
    except Exception as error:  # a run must never stay "running" because its solve broke
        log.exception("fleet run %s failed", run_id)
        with sessions() as session:
            run = session.get(OptimizationRun, run_id)
            if run is not None:
                run.state = FAILED
                run.finished_at = utcnow()
                run.progress = {**run.progress, "error": str(error)}
                audit.record(session, None, "fail", run, f"Optimization failed: {error}")
                session.commit()
        return
    with sessions() as session:
        run = session.get(OptimizationRun, run_id)
        if run is not None:
            apply_plan(session, run, instance, solution)
            session.commit()


_TRIP_ID = re.compile(r"\bT(\d+)\b")


def readable(reason: str) -> str:
    """The solver's reasons name trips by instance id (T12); people know them as #12."""
    return _TRIP_ID.sub(r"#\1", reason)


def change_of(resource_id: int | None, previous_id: int | None) -> str:
    """How an assignment compares with the approved one: new, moved, unchanged or unassigned."""
    if resource_id is None:
        return "unassigned"
    if previous_id is None:
        return "new"
    return "unchanged" if resource_id == previous_id else "moved"


def apply_plan(
    session: Session, run: OptimizationRun, instance: dict[str, Any], solution: dict[str, Any]
) -> None:
    """Store a solution as the run's plan items and make the run a draft (trips stay untouched)."""
    codes = {v.code: v.id for v in session.scalars(select(Vehicle))}
    assignments: dict[str, str] = solution.get("assignments") or {}
    unassigned: dict[str, list[str]] = solution.get("unassigned") or {}
    for raw in instance["trips"]:
        key = raw["id"]
        resource = codes.get(assignments[key]) if key in assignments else None
        previous = codes.get(raw["previous_vehicle"]) if raw.get("previous_vehicle") else None
        session.add(
            PlanItem(
                run_id=run.id,
                item_id=trip_id_of(key),
                resource_id=resource,
                previous_resource_id=previous,
                change=change_of(resource, previous),
                pinned=raw.get("pinned_vehicle") is not None,
                reasons=[] if resource else [readable(r) for r in unassigned.get(key, [])],
            )
        )
    run.solver_status = str(solution.get("status", ""))
    run.objective = list(solution.get("objective") or [])
    run.solve_seconds = float(solution.get("solve_seconds") or 0.0)
    run.finished_at = utcnow()
    run.progress = {**run.progress, "percent": 100}
    if run.state == RUNNING:
        run.state = DRAFT
    session.flush()
    audit.record(
        session,
        run.run_by,
        "draft",
        run,
        f"Draft plan: {len(assignments)} assigned, {len(instance['trips']) - len(assignments)} unassigned",
        status=run.solver_status,
        objective=run.objective,
    )
