"""Taiwanese date conventions: Asia/Taipei local time and ROC (民國) years. No Flask here."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

TAIPEI = ZoneInfo("Asia/Taipei")
ROC_OFFSET = 1911  # ROC year = Gregorian year - 1911; 1912 is 民國元年


def roc_year(year: int) -> int:
    """The ROC year of a Gregorian year (1912 → 1). Years before 1912 have no ROC number."""
    if year < 1912:
        raise ValueError(f"{year} is before the ROC calendar (1912)")
    return year - ROC_OFFSET


def roc_year_label(year: int) -> str:
    """民國 year in words as official documents write it: 元 for the first year."""
    roc = roc_year(year)
    return "元" if roc == 1 else str(roc)


def roc_date_long(day: date) -> str:
    """中華民國110年6月30日 style, without the country prefix: 民國110年6月30日."""
    return f"民國{roc_year_label(day.year)}年{day.month}月{day.day}日"


def roc_date_short(day: date) -> str:
    """110/06/30 style, as in forms and tables."""
    return f"{roc_year(day.year):03d}/{day.month:02d}/{day.day:02d}"


def local(moment: datetime) -> datetime:
    """An aware instant shown in Asia/Taipei."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: timestamps must be timezone-aware")
    return moment.astimezone(TAIPEI)


def taipei_datetime(day: date, at: time) -> datetime:
    """The aware instant of a local Taipei date and wall-clock time."""
    return datetime.combine(day, at, tzinfo=TAIPEI)


def half_year_label(year: int, half: int, locale: str = "zh_TW") -> str:
    """'民國110年上半年' or 'H1 2021'."""
    if locale.startswith("en"):
        return f"H{half} {year}"
    return f"民國{roc_year_label(year)}年{'上' if half == 1 else '下'}半年"
