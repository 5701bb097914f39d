"""Benchmark the venues and dorms models on their presets: time to a proven optimum.

Run from the checkout: `.venv/bin/python tests/bench/venues_dorms.py [--seeds 5] [--workers 1]`.
Targets: venues `month` and dorms `vacancies` proven optimal in under 2 s on the 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from optimize.common import Options, Solution
from optimize.dorms import (
    DORMS_PRESETS,
    check_dorms,
    generate_dorms,
    greedy_dorms,
    parse_dorms,
    solve_dorms,
)
from optimize.venues import (
    VENUES_PRESETS,
    check_venues,
    generate_venues,
    greedy_venues,
    parse_venues,
    solve_venues,
)

KINDS: dict[str, tuple[Any, ...]] = {
    "venues": (
        VENUES_PRESETS,
        generate_venues,
        parse_venues,
        solve_venues,
        greedy_venues,
        check_venues,
    ),
    "dorms": (DORMS_PRESETS, generate_dorms, parse_dorms, solve_dorms, greedy_dorms, check_dorms),
}


def bench(kind: str, preset: str, seed: int, options: Options) -> dict[str, Any]:
    """Generate, parse and solve one instance; time parse + solve, check the plan."""
    _, generate, parse, solve, greedy, check = KINDS[kind]
    data = generate(preset, seed)
    started = time.monotonic()
    problem = parse(data)
    solution: Solution = solve(problem, options)
    seconds = time.monotonic() - started
    violations = check(problem, solution)
    return {
        "kind": kind,
        "preset": preset,
        "seed": seed,
        "size": {k: len(v) for k, v in data.items() if isinstance(v, list)},
        "status": solution.status,
        "seconds": seconds,
        "objective": solution.objective,
        "greedy": greedy(problem).objective,
        "violations": len(violations),
    }


def main() -> int:
    """Print one line per instance and a summary per preset; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=10.0)
    args = parser.parse_args()
    options = Options(time_limit=args.time_limit, workers=args.workers, seed=0)
    missed = False
    for kind, (presets, *_) in KINDS.items():
        for preset in presets:
            rows = [bench(kind, preset, seed, options) for seed in range(args.seeds)]
            for row in rows:
                print(
                    f"{kind:6} {preset:9} seed {row['seed']}  {row['size']}  {row['status']:8} "
                    f"{row['seconds']:6.3f} s  objective {row['objective']}  greedy {row['greedy']}  "
                    f"violations {row['violations']}"
                )
            times = [row["seconds"] for row in rows]
            optimal = sum(row["status"] == "optimal" for row in rows)
            print(
                f"== {kind} {preset}: {optimal}/{len(rows)} optimal, median {statistics.median(times):.3f} s,"
                f" max {max(times):.3f} s"
            )
            missed |= any(row["violations"] for row in rows)
            missed |= (kind, preset) in {("venues", "month"), ("dorms", "vacancies")} and (
                optimal < len(rows) or max(times) >= 2
            )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
