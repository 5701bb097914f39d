"""ROC years and Taipei time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from scheduler.i18n import half_year_label, local, roc_date_long, roc_date_short, roc_year


@pytest.mark.parametrize(("year", "roc"), [(1912, 1), (2011, 100), (2021, 110), (2026, 115)])
def test_roc_year(year: int, roc: int) -> None:
    assert roc_year(year) == roc


def test_years_before_the_republic_are_refused() -> None:
    with pytest.raises(ValueError):
        roc_year(1911)


def test_official_date_forms() -> None:
    assert roc_date_long(date(2021, 6, 30)) == "民國110年6月30日"
    assert roc_date_short(date(2021, 6, 30)) == "110/06/30"
    assert roc_date_long(date(1912, 1, 1)) == "民國元年1月1日"


def test_year_boundary_in_taipei_time() -> None:
    # 16:30 UTC on 31 December is already New Year's Day in Taipei (UTC+8).
    moment = datetime(2021, 12, 31, 16, 30, tzinfo=UTC)
    assert local(moment).date() == date(2022, 1, 1)
    assert roc_date_long(local(moment).date()) == "民國111年1月1日"


def test_half_year_labels() -> None:
    assert half_year_label(2021, 1) == "民國110年上半年"
    assert half_year_label(2021, 2, "en") == "H2 2021"
