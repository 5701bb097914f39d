"""Dates of the dormitory rules: lease periods, deadlines at the end of a Taipei day, settings."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from scheduler.i18n import local, taipei_datetime
from scheduler.services.settings import get_setting


def today_of(now: datetime) -> date:
    """The Taipei calendar day of an instant."""
    return local(now).date()


def years_later(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def end_of_day(day: date) -> datetime:
    """The instant a Taipei day ends (midnight after it): deadlines run to the end of their day."""
    return taipei_datetime(day + timedelta(days=1), time(0))


def rule(session: Session, name: str) -> int:
    """A whole-number dormitory setting (dorms.<name>)."""
    return int(get_setting(session, f"dorms.{name}"))


def place_rule(session: Session, name: str) -> str:
    """What a declined or lapsed offer does to the place: "keep" or "drop"."""
    value = str(get_setting(session, f"dorms.{name}"))
    return value if value in ("keep", "drop") else "keep"
