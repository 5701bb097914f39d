"""Jinja filters for Taipei local time, ROC dates and money."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from flask import Flask
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from scheduler.db import utcnow
from scheduler.i18n import local, roc_date_long, roc_date_short
from scheduler.services.messages import render, render_message


def _is_en() -> bool:
    locale = get_locale()
    return locale is not None and locale.language == "en"


def format_datetime(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An aware instant in Asia/Taipei."""
    return "" if moment is None else local(moment).strftime(fmt)


def format_time(moment: datetime | None) -> str:
    """Just the Taipei wall-clock time."""
    return format_datetime(moment, "%H:%M")


def format_date(value: date | datetime | None, style: str = "long") -> str:
    """A date as 民國110年6月30日 (zh-TW) or 2021-06-30 (en); style 'short' gives 110/06/30."""
    if value is None:
        return ""
    day = local(value).date() if isinstance(value, datetime) else value
    if _is_en():
        return day.isoformat()
    return roc_date_short(day) if style == "short" else roc_date_long(day)


def format_money(amount: int | None) -> str:
    """Whole New Taiwan dollars: NT$57,000."""
    return "" if amount is None else f"NT${amount:,}"


STATUS_LABELS = {
    "requested": _l("Requested"),
    "planned": _l("Planned (draft)"),
    "approved": _l("Approved"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
    "no_show": _l("No-show"),
    "rejected": _l("Rejected"),
    "suspended": _l("Suspended"),
    "waiting": _l("Waiting"),
    "offered": _l("Offered"),
    "housed": _l("Housed"),
    "withdrawn": _l("Withdrawn"),
    "active": _l("Active"),
    "ended": _l("Ended"),
    "renewed": _l("Renewed"),
}


VEHICLE_KIND_LABELS = {"sedan": _l("Sedan"), "van": _l("Van"), "motorcycle": _l("Motorcycle")}
FEATURE_LABELS = {"van": _l("Van"), "ev": _l("Electric"), "accessible": _l("Accessible")}


def vehicle_kind(kind: str) -> str:
    """A vehicle kind code (sedan, van ...) in the user's language."""
    label = VEHICLE_KIND_LABELS.get(kind)
    return str(label) if label is not None else kind


def feature_list(features: list[str]) -> str:
    """Vehicle features (van, ev, accessible) in the user's language, comma-separated."""
    return ", ".join(str(FEATURE_LABELS.get(f, f)) for f in features)


def status_label(status: str) -> str:
    """A status in the user's language (statuses are stored as English codes)."""
    label = STATUS_LABELS.get(status)
    return str(label) if label is not None else status


def words(item: Any) -> str:
    """A stored message (anything with `code` and `params`, or a {"code", "params"} mapping) in the
    reader's language."""
    if isinstance(item, Mapping):
        return render_message(item, str(get_locale() or "zh_TW"))
    return render(item.code, item.params, str(get_locale() or "zh_TW"))


def init_filters(app: Flask) -> None:
    """Register the filters and the template globals they need."""
    app.jinja_env.filters.update(
        datetime=format_datetime,
        time=format_time,
        date=format_date,
        money=format_money,
        vehicle_kind=vehicle_kind,
        features=feature_list,
        words=words,
    )
    app.jinja_env.globals.update(now=utcnow, status_label=status_label)
