"""Solve any instance kind from plain JSON data, in-process or in a child killed at a hard deadline."""

from __future__ import annotations

import json
import queue as queue_module
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from optimize.common import DEFAULT_OPTIONS, STATUS_FEASIBLE, InputError, Options, Progress
from optimize.kinds import KINDS, get_kind

TYPE_NAMES = {
    "integer": "a whole number",
    "number": "a number",
    "string": "a string",
    "array": "a list",
    "object": "an object",
    "boolean": "true or false",
}
STOPPED = "solver stopped before finding a plan"
PACKAGE_PARENT = Path(__file__).resolve().parent.parent


def kind_of(data: Any) -> str:
    """The instance's kind, checked against the known models."""
    if not isinstance(data, Mapping):
        raise InputError("instance", "not a JSON object")
    return get_kind(data.get("kind")).name


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
        names = [
            str(TYPE_NAMES.get(w, w)) for w in (wanted if isinstance(wanted, list) else [wanted])
        ]
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
    import jsonschema  # type: ignore[import-untyped]  # the CLI and web app need it, models do not

    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        raise schema_error(error)


def parse_instance(data: Any) -> tuple[str, Any]:
    """Validate the shape, then parse the meaning; returns (kind, problem)."""
    kind = kind_of(data)
    validate(data, f"{kind}.instance.json")
    return kind, KINDS[kind].parse(data)


def solve_instance(data: dict[str, Any], options: Options = DEFAULT_OPTIONS) -> dict[str, Any]:
    """Validate, parse and solve in this process; the contract's solution JSON."""
    kind, problem = parse_instance(data)
    solution = KINDS[kind].solve(problem, options)
    result: dict[str, Any] = solution.to_json()
    return result


def empty_plan(data: Mapping[str, Any], seconds: float) -> dict[str, Any]:
    """Everything unassigned: the plan to fall back on when nothing better arrived in time."""
    kind = get_kind(kind_of(data))
    ids = sorted(str(item["id"]) for item in data.get(kind.items) or [])
    problem = kind.parse(data)
    plan: dict[str, Any] = {
        "kind": kind.name,
        "status": STATUS_FEASIBLE,
        "assignments": {},
        "unassigned": {i: [STOPPED] for i in ids},
        "objective": kind.objective(problem, {}),
        "solve_seconds": round(seconds, 3),
    }
    if kind.name == "dorms":
        plan["waitlist"] = list(kind.greedy(problem).to_json()["waitlist"])
    return plan


def _pump(child: subprocess.Popen[str], message: str, out: queue_module.Queue[str | None]) -> None:
    """Send the request to the child and pass each line it answers to `out` (None at the end)."""
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write(message)
        child.stdin.close()
    except BrokenPipeError:
        pass
    for line in child.stdout:
        out.put(line)
    out.put(None)


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
    message = {
        "instance": data,
        "options": {"workers": options.workers, "seed": options.seed},
        "deadline": started + options.time_limit,
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "optimize.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=PACKAGE_PARENT,
        text=True,
        encoding="utf-8",
    )
    messages: queue_module.Queue[str | None] = queue_module.Queue()
    reader = threading.Thread(
        target=_pump, args=(child, json.dumps(message), messages), daemon=True
    )
    reader.start()
    hard_stop = started + options.time_limit + margin
    best: dict[str, Any] | None = None
    try:
        while True:
            try:
                line = messages.get(timeout=max(0.0, min(0.2, hard_stop - time.time())))
            except queue_module.Empty:
                if time.time() >= hard_stop:
                    break
                continue
            if line is None:  # the child closed its output: finished or died
                break
            tag, payload = json.loads(line)
            if tag == "done":
                return dict(payload)
            if tag == "plan":
                best = payload
            elif tag == "progress" and on_progress is not None:
                on_progress(Progress(**payload))
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=5)
        reader.join(timeout=5)
        for pipe in (child.stdin, child.stdout):
            if pipe is not None:
                pipe.close()
    seconds = time.time() - started
    if best is None:
        return empty_plan(data, seconds)
    return {**best, "status": STATUS_FEASIBLE, "solve_seconds": round(seconds, 3)}
