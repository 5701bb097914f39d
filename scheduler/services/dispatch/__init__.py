"""Fleet dispatch, the dispatcher's side: one import for the web layer.

The work is split by use case: the instance (dispatch_problem), runs and drafts (dispatch_runs),
fit rules of a draft (dispatch_fit), pins and discards (dispatch_draft), approval
(dispatch_approval), recalls and maintenance (dispatch_outages) and the board (dispatch_board).
"""

from __future__ import annotations

from scheduler.services.dispatch.approval import Approval, approve_plan, draft_staleness
from scheduler.services.dispatch.board import VIEWS, Board, board_period, build_board
from scheduler.services.dispatch.draft import (
    DraftRow,
    change_assignment,
    discard_plan,
    draft_pins,
    draft_rows,
    get_run,
    reoptimize,
    require_draft,
)
from scheduler.services.dispatch.problem import Period, RunScope, run_period, to_problem
from scheduler.services.dispatch.runs import (
    APPROVED,
    DISCARDED,
    DRAFT,
    FAILED,
    RUNNING,
    apply_plan,
    execute_run,
    fail_if_stalled,
    shown_percent,
    start_run,
)
from scheduler.services.fleet.outages import (
    OUTAGE_KINDS,
    flag_trips_for_outage,
    take_out_of_pool,
)

__all__ = [
    "APPROVED",
    "DISCARDED",
    "DRAFT",
    "FAILED",
    "OUTAGE_KINDS",
    "RUNNING",
    "VIEWS",
    "Approval",
    "Board",
    "DraftRow",
    "Period",
    "RunScope",
    "apply_plan",
    "approve_plan",
    "board_period",
    "build_board",
    "change_assignment",
    "discard_plan",
    "draft_pins",
    "draft_rows",
    "draft_staleness",
    "execute_run",
    "fail_if_stalled",
    "flag_trips_for_outage",
    "get_run",
    "reoptimize",
    "require_draft",
    "run_period",
    "shown_percent",
    "start_run",
    "take_out_of_pool",
    "to_problem",
]
