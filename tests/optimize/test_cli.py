"""The command line through a real subprocess: exit codes, one-line errors, --out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.optimize.fleet_builders import instance, trip, vehicle

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """python -m optimize with these arguments, from the project root."""
    return subprocess.run(
        [sys.executable, "-m", "optimize", *args],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )


def write(tmp_path: Path, data: Any, name: str = "instance.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def small() -> dict[str, Any]:
    return instance(
        [vehicle("V1"), vehicle("V2", seats=8)],
        [
            trip("T1", "09:00", "10:00", unknown_field="ignored"),
            trip("T2", "09:00", "10:00", passengers=7),
        ],
    )


def test_solve_prints_the_solution_and_exits_0(tmp_path: Path) -> None:
    result = run(
        "solve",
        write(tmp_path, {**small(), "comment": "unknown fields are ignored"}),
        "--time-limit",
        "5",
    )
    assert result.returncode == 0, result.stderr
    solution = json.loads(result.stdout)
    assert solution["status"] == "optimal"
    assert solution["assignments"] == {"T1": "V1", "T2": "V2"}
    assert solution["objective"] == [2, 0, 0, 60]


def test_out_writes_the_file_and_check_accepts_it(tmp_path: Path) -> None:
    inst = write(tmp_path, small())
    out = tmp_path / "solution.json"
    result = run("solve", inst, "--out", str(out), "--workers", "1", "--seed", "3")
    assert result.returncode == 0 and result.stdout == ""
    assert json.loads(out.read_text())["kind"] == "fleet"
    checked = run("check", inst, str(out))
    assert checked.returncode == 0 and "ok" in checked.stdout


def test_check_exits_1_listing_violations(tmp_path: Path) -> None:
    bad = {"assignments": {"T1": "V1", "T2": "V1"}, "unassigned": {}}
    result = run("check", write(tmp_path, small()), write(tmp_path, bad, "bad.json"))
    assert result.returncode == 1
    assert "T2: V1 has 5 seats, trip needs 7" in result.stdout


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["trips"][1].pop("end"), "trips[1].end: missing"),
        (
            lambda d: d["trips"][1].update(end="2021-06-01T08:00:00+08:00"),
            "trips[1].end: not after start",
        ),
        (lambda d: d["vehicles"][0].update(seats="five"), "vehicles[0].seats: not a whole number"),
        (
            lambda d: d["trips"][0].update(pinned_vehicle="V1", passengers=7),
            "trips[0].pinned_vehicle: V1 has 5 seats, trip needs 7",
        ),
        (lambda d: d.update(kind="boats"), "kind: unknown kind 'boats'"),
    ],
)
def test_bad_instance_exits_2_with_one_line_naming_the_field(
    tmp_path: Path, mutate, message: str
) -> None:  # type: ignore[no-untyped-def]
    data = small()
    mutate(data)
    result = run("solve", write(tmp_path, data))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("content", [None, "{not json", "[]"])
def test_unreadable_input_exits_2(tmp_path: Path, content: str | None) -> None:
    path = str(tmp_path / "missing.json") if content is None else write(tmp_path, content)
    result = run("solve", path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_generate_is_reproducible_and_solvable(tmp_path: Path) -> None:
    first = run("generate", "fleet", "--preset", "day", "--seed", "3")
    second = run("generate", "fleet", "--preset", "day", "--seed", "3")
    assert first.returncode == 0 and first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert data["kind"] == "fleet" and len(data["vehicles"]) == 26
    assert run("solve", write(tmp_path, first.stdout), "--time-limit", "5").returncode == 0


def test_generate_unknown_preset_exits_2() -> None:
    result = run("generate", "fleet", "--preset", "galaxy")
    assert result.returncode == 2 and result.stderr.startswith("preset: unknown fleet preset")
