"""Read and change the editable settings; each has a documented default."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from scheduler.models import Setting

DEFAULTS: dict[str, Any] = {
    "fleet.turnaround_minutes": 15,  # between two trips of one car (assumed)
    "fleet.day_start": "07:00",  # drivers' working hours (assumed)
    "fleet.day_end": "21:00",
    "fleet.urgent_priority": 3,  # priority of pandemic / flood-prevention duty
    "fleet.normal_priority": 1,
    "survey.valid_days": 30,
    "dorms.lease_years": 2,  # one lease period; a renewal is a new period
    "dorms.term_years": 5,  # the longest stay renewals reach without an exception (assumed)
    "dorms.offer_days": 7,  # to accept an allocation's offer
    "dorms.move_in_days": 15,  # to move in after accepting; later counts as giving the room up
    "dorms.renewal_notice_days": 60,  # renewal requested / reminder this long before the end
    "dorms.on_decline": "keep",  # a declined offer keeps the place on the list (or "drop")
    "dorms.on_lapse": "drop",  # an unanswered offer drops the place (or "keep")
    "dorms.family_review_months": 12,  # family dormitories: continued-stay review interval
}


def get_setting(session: Session, key: str) -> Any:
    """The stored value of `key`, else its default."""
    row = session.get(Setting, key)
    if row is not None:
        return row.value
    if key not in DEFAULTS:
        raise KeyError(f"unknown setting {key!r}")
    return DEFAULTS[key]


def set_setting(session: Session, key: str, value: Any) -> None:
    """Store a value for `key` (known keys only)."""
    if key not in DEFAULTS:
        raise KeyError(f"unknown setting {key!r}")
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()
