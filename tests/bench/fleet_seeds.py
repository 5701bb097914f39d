"""Fleet solve on `week` and `tight` seeds 0-5 (10 s) and `city10x` seed 0 (30 s), side by side.

Run from the checkout: `.venv/bin/python tests/bench/fleet_seeds.py [--jobs 1] [--only week:5]
[--param name=value ...]`. Each case runs in a fresh child process (workers=1, seed 0); every
plan is checked against the hard constraints with check_fleet. `--param` sets an extra CP-SAT
parameter on every solver (to compare search strategies without editing the code), and
`--twice` solves each case twice and reports whether the plans are identical.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CASES = [("week", s, 10.0) for s in range(6)] + [("tight", s, 10.0) for s in range(6)]
CASES.append(("city10x", 0, 30.0))


def _child(preset: str, seed: int, limit: float, params: list[str], twice: bool) -> dict[str, Any]:
    """Solve one case in this process and return its row."""
    from optimize import common
    from optimize.check import check_fleet
    from optimize.fleet import greedy_fleet, parse_fleet, solve_fleet
    from optimize.generate import generate_instance

    if params:
        plain = common.make_solver

        def patched(options: common.Options, time_limit: float) -> Any:
            solver = plain(options, time_limit)
            for item in params:
                name, value = item.split("=", 1)
                setattr(solver.parameters, name, json.loads(value))
            return solver

        common.make_solver = patched  # type: ignore[assignment]
        from optimize.fleet import solve as fleet_solve

        fleet_solve.make_solver = patched  # type: ignore[assignment]
    problem = parse_fleet(generate_instance("fleet", preset, seed))
    greedy = greedy_fleet(problem).objective
    runs = []
    for _ in range(2 if twice else 1):
        began = time.monotonic()
        solution = solve_fleet(problem, common.Options(time_limit=limit, workers=1, seed=0))
        runs.append((time.monotonic() - began, solution))
    seconds, solution = runs[0]
    return {
        "case": f"{preset}:{seed}",
        "status": solution.status,
        "seconds": round(seconds, 2),
        "objective": solution.objective,
        "greedy": greedy,
        "violations": len(check_fleet(problem, solution)),
        "same_twice": (runs[0][1].assignments == runs[-1][1].assignments) if twice else None,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def _run(case: tuple[str, int, float], params: list[str], twice: bool) -> dict[str, Any]:
    preset, seed, limit = case
    cmd = [sys.executable, __file__, "--child", f"{preset}:{seed}:{limit}", "--twice" * twice]
    cmd = [c for c in cmd if c] + [f"--param={p}" for p in params]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    if out.returncode:
        return {"case": f"{preset}:{seed}", "error": out.stderr.strip().splitlines()[-1:]}
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child")
    parser.add_argument("--param", action="append", default=[])
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--twice", action="store_true")
    args = parser.parse_args()
    if args.child:
        preset, seed, limit = args.child.split(":")
        print(json.dumps(_child(preset, int(seed), float(limit), args.param, args.twice)))
        return
    cases = [c for c in CASES if not args.only or f"{c[0]}:{c[1]}" in args.only]
    with ThreadPoolExecutor(args.jobs) as pool:
        for row in pool.map(lambda c: _run(c, args.param, args.twice), cases):
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
