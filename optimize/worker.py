"""The child side of api.solve_with_deadline: `python -m optimize.worker`.

Reads {"instance": ..., "options": {...}, "deadline": epoch seconds} on stdin and writes one JSON
message a line on stdout: ["plan", solution] for each better plan, ["progress", {...}] while
solving, and finally ["done", solution]. Running as its own interpreter keeps the child free of
the caller's threads, database connections and __main__ (a web app re-imported per solve).
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from typing import Any, TextIO

from optimize.common import Options
from optimize.kinds import get_kind


def run(message: dict[str, Any], out: TextIO) -> None:
    """Solve the instance in `message`, reporting every better plan and the progress to `out`."""

    def send(tag: str, payload: Any) -> None:
        out.write(json.dumps([tag, payload], ensure_ascii=False) + "\n")
        out.flush()

    data = message["instance"]
    kind = str(data["kind"])
    model = get_kind(kind)
    problem = model.parse(data)
    if kind != "fleet":  # solve_fleet reports its own greedy plan first through on_plan
        send("plan", model.greedy(problem).to_json())
    plain = message.get("options", {})
    options = Options(
        time_limit=max(0.1, float(message["deadline"]) - time.time()),
        workers=int(plain.get("workers", 1)),
        seed=int(plain.get("seed", 0)),
        progress=lambda p: send("progress", asdict(p)),
        on_plan=lambda plan: send("plan", plan),
    )
    send("done", model.solve(problem, options).to_json())


if __name__ == "__main__":
    run(json.load(sys.stdin), sys.stdout)
