"""Shared pieces of the optimizer models: input errors, options, time parsing, lexicographic solving."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model_helper import FlatIntExpr

STATUS_OPTIMAL = "optimal"
STATUS_FEASIBLE = "feasible"
MIN_LEVEL_SECONDS = 0.05  # below this a level is not attempted (when a plan is already known)


class InputError(ValueError):
    """A malformed instance; the message starts with the offending field (`trips[3].end: ...`)."""

    def __init__(self, field_path: str, problem: str) -> None:
        super().__init__(f"{field_path}: {problem}")
        self.field = field_path
        self.problem = problem


@dataclass(frozen=True)
class Progress:
    """One report while solving: which level, the best objective found and the proven bound."""

    level: int
    levels: int
    objective: float
    bound: float
    seconds: float


ProgressHook = Callable[[Progress], None]
PlanHook = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Options:
    """How to solve: wall-clock budget for all levels, CP-SAT workers and seed, progress hook."""

    time_limit: float = 10.0
    workers: int = 1
    seed: int = 0
    progress: ProgressHook | None = None
    # Called with the solution JSON of each better plan known while solving (greedy first, then
    # after each finished level), so a parent process can keep the best plan if it must kill us.
    on_plan: PlanHook | None = None


DEFAULT_OPTIONS = Options()


@dataclass(frozen=True)
class Kind:
    """What every model kind offers the CLI, the worker, the checker, the bench and the generators.

    Each kind's package (`optimize/<kind>/__init__.py`) defines one as `KIND`; `optimize.kinds`
    holds the registry.
    """

    name: str
    items: str  # the instance's list of things to place: trips, requests, applicants
    parse: Callable[[Any], Any]
    solve: Callable[[Any, Options], Solution]
    greedy: Callable[[Any], Solution]
    check: Callable[[Any, Any], list[str]]
    objective: Callable[[Any, Mapping[str, str]], list[int]]
    bounds: Callable[[Any], dict[str, Any]]
    presets: tuple[str, ...]
    generate: Callable[[str, int], dict[str, Any]]


@dataclass
class Solution:
    """The contract's solution object; `extra` holds kind-specific fields such as `waitlist`."""

    kind: str
    status: str
    assignments: dict[str, str]
    unassigned: dict[str, list[str]]
    objective: list[int]
    solve_seconds: float
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The JSON-ready dict of the contract, keys sorted for stable output."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "status": self.status,
            "assignments": dict(sorted(self.assignments.items())),
            "unassigned": dict(sorted(self.unassigned.items())),
            "objective": list(self.objective),
            "solve_seconds": round(self.solve_seconds, 3),
        }
        out.update(self.extra)
        return out


# ---------------------------------------------------------------- input helpers


def require(obj: Mapping[str, Any], key: str, path: str) -> Any:
    """Return obj[key] or raise InputError naming `path.key`."""
    if not isinstance(obj, Mapping):
        raise InputError(path, "not an object")
    if key not in obj or obj[key] is None:
        raise InputError(f"{path}.{key}" if path else key, "missing")
    return obj[key]


def as_list(obj: Mapping[str, Any], key: str, path: str, *, required: bool = False) -> list[Any]:
    """obj[key] as a list; missing or null gives [] unless required."""
    where = f"{path}.{key}" if path else key
    value = obj.get(key)
    if value is None:
        if required:
            raise InputError(where, "missing")
        return []
    if not isinstance(value, list):
        raise InputError(where, "not a list")
    return value


def as_id(value: Any, path: str) -> str:
    """A non-empty string id."""
    if not isinstance(value, str) or not value:
        raise InputError(path, "not a non-empty string")
    return value


def as_int(value: Any, path: str, *, minimum: int | None = None) -> int:
    """A whole number (bools refused), optionally with a lower bound."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise InputError(path, "not a whole number")
    if minimum is not None and value < minimum:
        raise InputError(path, f"must be at least {minimum}")
    return int(value)


def as_str_list(value: Any, path: str) -> list[str]:
    """A list of strings (null gives [])."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(path, "not a list of strings")
    return list(value)


def parse_time(value: Any, path: str) -> datetime:
    """An ISO-8601 timestamp with a UTC offset."""
    if not isinstance(value, str):
        raise InputError(path, "not an ISO-8601 time string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(path, f"not an ISO-8601 time: {value!r}") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise InputError(path, "has no UTC offset")
    return parsed


def parse_date(value: Any, path: str) -> date:
    """An ISO-8601 calendar date (YYYY-MM-DD)."""
    if not isinstance(value, str):
        raise InputError(path, "not an ISO-8601 date string")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(path, f"not an ISO-8601 date: {value!r}") from None


def parse_window(value: Any, path: str) -> tuple[datetime, datetime]:
    """A half-open window {"start": T, "end": T} with end after start."""
    if not isinstance(value, Mapping):
        raise InputError(path, "not an object with start and end")
    start = parse_time(require(value, "start", path), f"{path}.start")
    end = parse_time(require(value, "end", path), f"{path}.end")
    if end <= start:
        raise InputError(f"{path}.end", "not after start")
    return start, end


def unique_ids(items: Sequence[Mapping[str, Any]], list_name: str) -> list[str]:
    """The ids of a list's objects, checked non-empty and unique."""
    seen: set[str] = set()
    ids: list[str] = []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise InputError(f"{list_name}[{i}]", "not an object")
        ident = as_id(require(item, "id", f"{list_name}[{i}]"), f"{list_name}[{i}].id")
        if ident in seen:
            raise InputError(f"{list_name}[{i}].id", f"duplicate id {ident!r}")
        seen.add(ident)
        ids.append(ident)
    return ids


def minutes_between(origin: datetime, moment: datetime) -> int:
    """Whole minutes from origin to moment (instants compared across offsets)."""
    return int((moment - origin).total_seconds() // 60)


# ---------------------------------------------------------------- lexicographic solving


@dataclass(frozen=True)
class Level:
    """One objective level: a linear expression to maximise or minimise."""

    name: str
    expr: Any  # cp_model.LinearExprT
    sense: Literal["max", "min"]


@dataclass
class LevelResult:
    """Outcome of a lexicographic solve: per-level values, whether all were proven, final values."""

    values: list[int]
    proven: bool
    found: bool
    var_values: list[int]  # value of every model variable by proto index (empty when nothing found)


class _ProgressCallback(cp_model.CpSolverSolutionCallback):
    def __init__(self, hook: ProgressHook, level: int, levels: int, started: float) -> None:
        super().__init__()
        self._hook = hook
        self._level = level
        self._levels = levels
        self._started = started

    def on_solution_callback(self) -> None:
        self._hook(
            Progress(
                level=self._level,
                levels=self._levels,
                objective=self.objective_value,
                bound=self.best_objective_bound,
                seconds=time.monotonic() - self._started,
            )
        )


def make_solver(options: Options, time_limit: float) -> cp_model.CpSolver:
    """A CP-SAT solver with the options' workers and seed and the given time limit."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.num_workers = max(1, options.workers)
    solver.parameters.random_seed = options.seed
    if options.workers <= 1:
        solver.parameters.interleave_search = False
    return solver


def solve_lexicographic(
    model: cp_model.CpModel,
    levels: Sequence[Level],
    options: Options,
    hint: Mapping[int, int] | None = None,
    *,
    on_level: Callable[[LevelResult], None] | None = None,
    first_number: int = 1,
    of_levels: int | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> LevelResult:
    """Optimise the levels one after another, fixing each to its value before the next.

    `hint` maps proto variable indexes to values (ideally a complete feasible plan). The time
    budget is shared: each level gets what the earlier ones left. A level that is only feasible
    within its time is fixed at the value found (so later levels stay feasible) and the result is
    marked unproven. When nothing is found at level 1, `found` is False and the caller falls back
    to its hint or the empty plan. `on_level` sees the result so far after each finished level.
    Progress reports number the levels from `first_number` out of `of_levels` (default: these),
    for callers that solve some levels of a longer list separately. `parameters` are extra CP-SAT
    parameters for every level (e.g. a search strategy, or a deterministic time cap so small
    repeated solves stop at the same point whatever the machine's load).
    """
    started = time.monotonic()
    deadline = started + options.time_limit
    n_vars = len(model.proto.variables)
    current: list[int] = []
    if hint:
        current = [0] * n_vars
        for idx, val in hint.items():
            current[idx] = val
    have_hint = bool(hint)
    values: list[int] = []
    proven = True
    of_levels = len(levels) if of_levels is None else of_levels
    for number, level in enumerate(levels, start=first_number):
        constant = _constant(level.expr)
        if constant is not None:
            # Nothing to optimise (e.g. no trip has a previous vehicle); a fix would add `True`.
            values.append(constant)
            if on_level:
                on_level(LevelResult(list(values), proven, have_hint, list(current)))
            continue
        model.clear_hints()  # type: ignore[no-untyped-call]
        if have_hint:
            # Bulk-extend the proto: one add_hint call per variable is slow on large models.
            model.proto.solution_hint.vars.extend(range(n_vars))
            model.proto.solution_hint.values.extend(current)
        if level.sense == "max":
            model.maximize(level.expr)
        else:
            model.minimize(level.expr)
        remaining = deadline - time.monotonic()
        solver = make_solver(options, remaining)
        for name, setting in (parameters or {}).items():
            if isinstance(setting, list):  # a repeated field (e.g. subsolvers) cannot be assigned
                getattr(solver.parameters, name).extend(setting)
            else:
                setattr(solver.parameters, name, setting)
        callback = (
            _ProgressCallback(options.progress, number, of_levels, started)
            if options.progress
            else None
        )
        # With the budget spent, calling the solver would still cost its presolve (seconds on
        # large models): treat the level as not improved instead.
        out_of_time = remaining < MIN_LEVEL_SECONDS and have_hint
        if out_of_time:
            status = cp_model.UNKNOWN
        else:
            status = solver.solve(model, callback) if callback else solver.solve(model)
        if status == cp_model.OPTIMAL:
            value = round(solver.objective_value)
        elif status == cp_model.FEASIBLE:
            value = round(solver.objective_value)
            proven = False
        else:
            # Nothing new found in time: keep the last known solution for this and later levels.
            proven = False
            if not have_hint:
                return LevelResult(values=[], proven=False, found=False, var_values=[])
            value = _evaluate(level.expr, current)
            values.append(value)
            _fix(model, level, value)
            if on_level:
                on_level(LevelResult(list(values), proven, True, list(current)))
            continue
        values.append(value)
        current = [int(v) for v in solver.response_proto.solution]
        have_hint = True
        _fix(model, level, value)
        if on_level:
            on_level(LevelResult(list(values), proven, True, list(current)))
    model.clear_hints()  # type: ignore[no-untyped-call]
    return LevelResult(values=values, proven=proven, found=True, var_values=current)


def _constant(expr: Any) -> int | None:
    """The value of an expression without variables, else None."""
    if isinstance(expr, int):
        return expr
    flat = FlatIntExpr(expr)
    return None if flat.vars else int(flat.offset)


def _fix(model: cp_model.CpModel, level: Level, value: int) -> None:
    if level.sense == "max":
        model.add(level.expr >= value)
    else:
        model.add(level.expr <= value)


def _evaluate(expr: Any, values: list[int]) -> int:
    """Evaluate a linear expression on a full assignment given by proto index."""
    if isinstance(expr, int):
        return expr
    flat = FlatIntExpr(expr)
    return int(flat.offset) + sum(
        int(c) * int(values[v.index]) for v, c in zip(flat.vars, flat.coeffs, strict=True)
    )
