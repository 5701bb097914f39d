"""Benchmark: each preset solved in a fresh child process, printed as a Markdown table."""

from __future__ import annotations

import multiprocessing
import resource
import time
from typing import Any

from optimize.common import Options, Progress
from optimize.generate import generate_instance, presets
from optimize.kinds import KINDS

DEFAULT_LIMITS = {"city10x": 30.0}  # seconds; other presets 10 s


def _measure(kind: str, preset: str, seed: int, time_limit: float, workers: int) -> dict[str, Any]:
    """Runs in a child: generate, build, solve, compare with greedy and the bound."""
    model = KINDS[kind]
    data = generate_instance(kind, preset, seed)
    problem = model.parse(data)
    row: dict[str, Any] = {"kind": kind, "preset": preset, "size": _size(kind, problem)}
    if kind == "fleet":
        from optimize.fleet.model import build_fleet_model
        from optimize.fleet.plan import greedy_assignments
        from optimize.fleet.rules import feasible_pairs

        started = time.monotonic()
        pairs = feasible_pairs(problem)
        fm = build_fleet_model(problem, pairs, greedy_assignments(problem, pairs))
        row["build"] = f"{time.monotonic() - started:.2f} s ({fm.encoding})"
    greedy = model.greedy(problem)
    first: list[float] = []
    level1_bound: list[float] = []
    started = time.monotonic()

    def progress(p: Progress) -> None:
        if not first:
            first.append(time.monotonic() - started)
        # The fleet solves level 1 per independent group: a group's bound is not the whole's.
        if p.level == 1 and kind != "fleet":
            level1_bound[:] = [p.bound]

    options = Options(time_limit=time_limit, workers=workers, seed=0, progress=progress)
    solution = model.solve(problem, options)
    bounds = model.bounds(problem)
    static = bounds.get("objective_bound", [None])[0] if isinstance(bounds, dict) else None
    value = solution.objective[0] if solution.objective else 0
    # A proven level 1 is its own bound; otherwise the better of the static and the solver's bound
    # (kind-specific bounds may be minimised, so only a number on level 1 is compared).
    candidates = [int(b) for b in (static, *level1_bound) if isinstance(b, (int, float))]
    bound = value if solution.status == "optimal" else (min(candidates) if candidates else None)
    row.update(
        first=f"{first[0]:.2f} s" if first else "greedy only",
        optimum=f"{solution.solve_seconds:.2f} s"
        if solution.status == "optimal"
        else f"not proven in {time_limit:g} s",
        objective=solution.objective,
        greedy=greedy.objective,
        bound=bound,
        gap=f"{100 * (bound - value) / bound:.2f} %" if bound else "-",
        served_over_greedy=value - (greedy.objective[0] if greedy.objective else 0),
        seconds=solution.solve_seconds,
        memory=f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
    )
    return row


def _size(kind: str, problem: Any) -> str:
    if kind == "fleet":
        return f"{len(problem.trips)} trips, {len(problem.vehicles)} vehicles"
    parts = [f"{len(v)} {k}" for k, v in vars(problem).items() if isinstance(v, tuple)]
    return ", ".join(parts)


def _in_child(target: Any, *args: Any) -> Any:
    """Run target(*args) in a fresh spawned process (own peak memory), return its result."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(target, args)


def _stability(seed: int, time_limit: float) -> dict[str, Any]:
    """Approve the week plan, add one trip at the busiest hour, re-optimise from the approved plan."""
    from optimize.fleet import parse_fleet, solve_fleet

    data = generate_instance("fleet", "week", seed)
    options = Options(time_limit=time_limit, workers=1, seed=0)
    approved = solve_fleet(parse_fleet(data), options)
    for item in data["trips"]:
        item["previous_vehicle"] = approved.assignments.get(item["id"])
    extra = dict(data["trips"][0], id="T999", priority=3, previous_vehicle=None, agency="A01")
    data["trips"].append(extra)
    started = time.monotonic()
    again = solve_fleet(parse_fleet(data), options)
    moved = sorted(t for t, v in approved.assignments.items() if again.assignments.get(t) != v)
    return {
        "moved": len(moved),
        "level2": again.objective[1],
        "status": again.status,
        "new_trip": again.assignments.get("T999", "unassigned"),
        "seconds": time.monotonic() - started,
    }


def _print_table(rows: list[dict[str, Any]]) -> None:
    heads = [
        "kind",
        "preset",
        "size",
        "build",
        "first",
        "optimum",
        "objective",
        "greedy",
        "bound",
        "gap",
        "memory",
    ]
    print("| " + " | ".join(heads) + " |")
    print("|" + "---|" * len(heads))
    for row in rows:
        print("| " + " | ".join(str(row.get(h, "-")) for h in heads) + " |")


def run_bench(
    kind: str | None = None,
    preset: str | None = None,
    seed: int = 0,
    time_limit: float | None = None,
) -> list[dict[str, Any]]:
    """Print the benchmark table (and, for the fleet, stability and reproducibility costs)."""
    rows = []
    for k in [kind] if kind else list(KINDS):
        try:
            names = [preset] if preset else list(presets(k))
        except ImportError:
            print(f"({k}: model not available)")
            continue
        for name in names:
            limit = time_limit or DEFAULT_LIMITS.get(name, 10.0)
            rows.append(_in_child(_measure, k, name, seed, limit, 1))
            r = rows[-1]
            print(
                f"# {k}/{name}: {r['objective']} vs greedy {r['greedy']} in {r['seconds']:.2f} s",
                flush=True,
            )
    _print_table(rows)
    if kind in (None, "fleet") and preset in (None, "week", "tight"):
        _print_fleet_extras(seed, time_limit or 10.0, preset)
    return rows


def _print_fleet_extras(seed: int, time_limit: float, preset: str | None) -> None:
    print()
    if preset in (None, "week"):
        s = _in_child(_stability, seed, time_limit)
        print(
            f"Stability (week, approved plan + 1 urgent trip, re-optimised with previous_vehicle): "
            f"{s['moved']} previously assigned trips moved (level 2 = {s['level2']}, {s['status']}), "
            f"new trip -> {s['new_trip']}, {s['seconds']:.2f} s"
        )
    for name in [p for p in ("week", "tight") if preset in (None, p)]:
        one = _in_child(_measure, "fleet", name, seed, time_limit, 1)
        two = _in_child(_measure, "fleet", name, seed, time_limit, 2)
        print(
            f"Reproducibility cost ({name}): workers=1 {one['seconds']:.2f} s {one['objective']}, "
            f"workers=2 {two['seconds']:.2f} s {two['objective']}"
        )


__all__ = ["run_bench"]
