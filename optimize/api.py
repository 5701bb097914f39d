"""Solve any instance kind from plain JSON data, in-process or in a child killed at a hard deadline."""

from __future__ import annotations

import importlib
import json
import multiprocessing
import queue as queue_module
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, replace
from functools import cache
from importlib import resources
from typing import Any

from .common import DEFAULT_OPTIONS, STATUS_FEASIBLE, InputError, Options, Progress

KINDS = ("fleet", "venues", "dorms")
ITEMS = {"fleet": "trips", "venues": "requests", "dorms": "applicants"}
TYPE_NAMES = {
    "integer": "a whole number",
    "number": "a number",
    "string": "a string",
    "array": "a list",
    "object": "an object",
    "boolean": "true or false",
}
STOPPED = "solver stopped before finding a plan"


def kind_of(data: Any) -> str:
    """The instance's kind, checked against the known models."""
    if not isinstance(data, Mapping):
        raise InputError("instance", "not a JSON object")
    kind = data.get("kind")
    if kind not in KINDS:
        raise InputError("kind", f"unknown kind {kind!r} (expected fleet, venues or dorms)")
    return str(kind)


@cache
def _schema(name: str) -> dict[str, Any] | None:
    path = resources.files("optimize") / "schemas" / name
    if not path.is_file():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _json_path(parts: Any) -> str:
    """jsonschema's path deque as the contract's `trips[3].end`."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def schema_error(error: Any) -> InputError:
    """One jsonschema ValidationError as the contract's one-line `field: problem`."""
    where = _json_path(error.absolute_path)
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        name = missing[0] if missing else "?"
        return InputError(f"{where}.{name}" if where else name, "missing")
    if error.validator == "type":
        wanted = error.validator_value
        names = [TYPE_NAMES.get(w, w) for w in (wanted if isinstance(wanted, list) else [wanted])]
        return InputError(where or "instance", f"not {' or '.join(names)}")
    if error.validator == "minimum":
        return InputError(where, f"must be at least {error.validator_value}")
    if error.validator == "minLength":
        return InputError(where, "must not be empty")
    return InputError(where or "instance", error.message)


def validate(data: Any, schema_name: str) -> None:
    """Check data against a schema in optimize/schemas/ (skipped when the schema is absent)."""
    schema = _schema(schema_name)
    if schema is None:
        return
    import jsonschema  # the web app and CLI need it; the models themselves do not

    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        raise schema_error(error)


def parse_instance(data: Any) -> tuple[str, Any]:
    """Validate the shape, then parse the meaning; returns (kind, problem)."""
    kind = kind_of(data)
    validate(data, f"{kind}.instance.json")
    module = importlib.import_module(f"optimize.{kind}")
    return kind, getattr(module, f"parse_{kind}")(data)


def solve_instance(data: dict[str, Any], options: Options = DEFAULT_OPTIONS) -> dict[str, Any]:
    """Validate, parse and solve in this process; the contract's solution JSON."""
    kind, problem = parse_instance(data)
    module = importlib.import_module(f"optimize.{kind}")
    solution = getattr(module, f"solve_{kind}")(problem, options)
    result: dict[str, Any] = solution.to_json()
    return result


def empty_plan(data: Mapping[str, Any], seconds: float) -> dict[str, Any]:
    """Everything unassigned: the plan to fall back on when nothing better arrived in time."""
    kind = kind_of(data)
    ids = sorted(str(item["id"]) for item in data.get(ITEMS[kind]) or [])
    module = importlib.import_module(f"optimize.{kind}")
    problem = getattr(module, f"parse_{kind}")(data)
    objective = _empty_objective(kind, problem)
    plan: dict[str, Any] = {
        "kind": kind,
        "status": STATUS_FEASIBLE,
        "assignments": {},
        "unassigned": {i: [STOPPED] for i in ids},
        "objective": objective,
        "solve_seconds": round(seconds, 3),
    }
    if kind == "dorms":
        plan["waitlist"] = list(module.greedy_dorms(problem).to_json()["waitlist"])
    return plan


def _empty_objective(kind: str, problem: Any) -> list[int]:
    if kind == "fleet":
        from .fleet_plan import fleet_objective

        return fleet_objective(problem, {})
    if kind == "venues":
        moved = sum(1 for r in problem.requests if getattr(r, "previous_venue", None) is not None)
        return [0, moved, 0, 0]
    return [0, 0]


def _child(data: dict[str, Any], options: Options, deadline: float, out: Any) -> None:
    """Runs in the child process: report progress and every better plan, then the result."""
    kind = kind_of(data)
    module = importlib.import_module(f"optimize.{kind}")
    problem = getattr(module, f"parse_{kind}")(data)
    if kind != "fleet":  # solve_fleet reports its own greedy plan first through on_plan
        out.put(("plan", getattr(module, f"greedy_{kind}")(problem).to_json()))
    hooked = replace(
        options,
        time_limit=max(0.1, deadline - time.time()),
        progress=lambda p: out.put(("progress", asdict(p))),
        on_plan=lambda plan: out.put(("plan", plan)),
    )
    out.put(("done", getattr(module, f"solve_{kind}")(problem, hooked).to_json()))


def solve_with_deadline(
    data: dict[str, Any],
    options: Options = DEFAULT_OPTIONS,
    margin: float = 2.0,
    on_progress: Callable[[Progress], None] | None = None,
) -> dict[str, Any]:
    """Solve in a child process killed hard at time_limit + margin; never late, always a plan.

    Input errors are raised here, before any process starts. If the child is killed (CP-SAT can
    overrun its limit), the best plan it reported is returned with status "feasible".
    """
    started = time.time()
    parse_instance(data)
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    plain = replace(options, progress=None, on_plan=None)  # hooks do not cross processes
    child = context.Process(
        target=_child, args=(data, plain, started + options.time_limit, messages), daemon=True
    )
    child.start()
    hard_stop = started + options.time_limit + margin
    best: dict[str, Any] | None = None
    try:
        while True:
            try:
                tag, payload = messages.get(timeout=max(0.0, min(0.2, hard_stop - time.time())))
            except queue_module.Empty:
                if time.time() >= hard_stop or not child.is_alive() and messages.empty():
                    break
                continue
            if tag == "done":
                return dict(payload)
            if tag == "plan":
                best = payload
            elif tag == "progress" and on_progress is not None:
                on_progress(Progress(**payload))
    finally:
        if child.is_alive():
            child.kill()
        child.join(timeout=5)
        messages.close()
        messages.cancel_join_thread()
    seconds = time.time() - started
    if best is None:
        return empty_plan(data, seconds)
    return {**best, "status": STATUS_FEASIBLE, "solve_seconds": round(seconds, 3)}
