"""Command line: solve, generate, check and bench optimizer instances (`python -m optimize -h`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from optimize.common import InputError, Options
from optimize.kinds import KINDS

EXIT_OK, EXIT_VIOLATIONS, EXIT_INPUT = 0, 1, 2


class CliError(Exception):
    """A one-line message for stderr and exit code 2."""


def _read_json(path: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except OSError as exc:
        raise CliError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except UnicodeDecodeError:
        raise CliError(f"{path}: not UTF-8 text") from None


def _write_json(data: Any, out: str | None) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _solve(args: argparse.Namespace) -> int:
    from optimize.api import solve_instance

    options = Options(time_limit=args.time_limit, workers=args.workers, seed=args.seed)
    _write_json(solve_instance(_read_json(args.instance), options), args.out)
    return EXIT_OK


def _generate(args: argparse.Namespace) -> int:
    from optimize.generate import generate_instance

    try:
        instance = generate_instance(args.kind, args.preset, args.seed)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    _write_json(instance, args.out)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from optimize.api import parse_instance
    from optimize.check import check_solution

    instance = _read_json(args.instance)
    parse_instance(instance)  # shape errors as one line, exit 2
    violations = check_solution(instance, _read_json(args.solution))
    for line in violations:
        print(line)
    if not violations:
        print("ok: no violated constraint")
    return EXIT_VIOLATIONS if violations else EXIT_OK


def _bench(args: argparse.Namespace) -> int:
    from optimize.bench import run_bench
    from optimize.generate import presets

    if args.preset and args.preset not in presets(args.kind or "fleet"):
        raise CliError(f"preset: unknown {args.kind or 'fleet'} preset {args.preset!r}")
    run_bench(kind=args.kind, preset=args.preset, seed=args.seed, time_limit=args.time_limit)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its four subcommands."""
    parser = argparse.ArgumentParser(prog="python -m optimize", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    solve = sub.add_parser("solve", help="solve an instance, print the solution JSON")
    solve.add_argument("instance")
    solve.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    solve.add_argument("--workers", type=int, default=1, help="CP-SAT workers (1: reproducible)")
    solve.add_argument("--seed", type=int, default=0)
    solve.add_argument("--out", help="write the solution here instead of stdout")
    solve.set_defaults(run=_solve)
    gen = sub.add_parser("generate", help="print a generated instance")
    gen.add_argument("kind", choices=list(KINDS))
    gen.add_argument("--preset", default="day")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--out")
    gen.set_defaults(run=_generate)
    check = sub.add_parser("check", help="list the hard constraints a solution violates")
    check.add_argument("instance")
    check.add_argument("solution")
    check.set_defaults(run=_check)
    bench = sub.add_parser("bench", help="benchmark the presets and print a Markdown table")
    bench.add_argument("--kind", choices=list(KINDS))
    bench.add_argument("--preset")
    bench.add_argument("--seed", type=int, default=0)
    bench.add_argument("--time-limit", type=float)
    bench.set_defaults(run=_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; input problems print one line on stderr and return 2."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except (CliError, InputError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
