"""The README tells the truth: its test command is what CI runs, and its demo sign-ins work."""

from __future__ import annotations

from pathlib import Path

from scheduler.demo.users import DEMO_USERS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command() -> None:
    command = (
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
    )
    assert command in README
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_demo_sign_in_is_listed() -> None:
    for user in DEMO_USERS:
        assert f"`{user.username}` | `{user.password}`" in README
