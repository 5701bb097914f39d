"""The dormitory area's Blueprint: the resident's pages and the housing officer's."""

from __future__ import annotations

from scheduler.web.dorms import manage, resident, runs, tenancy  # noqa: F401  (their views join bp)
from scheduler.web.dorms.blueprint import bp

__all__ = ["bp"]
