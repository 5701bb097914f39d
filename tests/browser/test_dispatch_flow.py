"""A dispatcher in a real browser: optimize a day, watch the progress, pin, re-optimize, approve."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from scheduler.db import make_engine, make_session_factory, utcnow
from scheduler.demo.users import DEMO_USERS
from scheduler.i18n import TAIPEI, local
from scheduler.models import Agency, Trip, User, Vehicle
from tests.browser import conftest as browser_conftest
from tests.browser.conftest import browser_sign_in

DISPATCHER = next(u for u in DEMO_USERS if u.username == "dispatcher")
# A day far enough ahead that the demo's own live trips (around its fixed 'today') are not on it.
DAYS_AHEAD = 40


@pytest.fixture
def fast_solver(monkeypatch: pytest.MonkeyPatch) -> None:
    """The live server solves with a 3 s limit (the browser waits for the real progress)."""
    make_app = browser_conftest._make_app

    def quick(db_file: Path, **config: Any) -> Any:
        return make_app(db_file, SOLVER_TIME_LIMIT=3.0, **config)

    monkeypatch.setattr(browser_conftest, "_make_app", quick)


@pytest.fixture
def site(
    fast_solver: None, live_server: str, tmp_path: Path
) -> Iterator[tuple[str, Any, date, list[int]]]:
    """The live demo site plus three requests of our own on a quiet future day."""
    engine = make_engine(f"sqlite:///{tmp_path / 'live.db'}")
    sessions = make_session_factory(engine)
    day = local(utcnow()).date() + timedelta(days=DAYS_AHEAD)
    with sessions() as session:
        agency = session.scalar(select(Agency).where(Agency.code != "SEC").order_by(Agency.id))
        staff = session.scalar(select(User).where(User.agency_id == agency.id).order_by(User.id))  # type: ignore[union-attr]
        trips = [
            Trip(
                agency_id=agency.id,  # type: ignore[union-attr]
                requested_by_id=staff.id if staff else None,
                start=datetime.combine(day, time(hour), tzinfo=TAIPEI),
                end=datetime.combine(day, time(hour + 1), tzinfo=TAIPEI),
                destination="臺北市立聯合醫院",
                purpose="browser test",
                passenger_count=2,
            )
            for hour in (9, 9, 14)
        ]
        session.add_all(trips)
        session.commit()
        ids = [t.id for t in trips]
    yield live_server, sessions, day, ids
    engine.dispose()


def test_dispatcher_optimizes_pins_reoptimizes_and_approves(
    site: tuple[str, Any, date, list[int]], page: Page
) -> None:
    base, sessions, day, ids = site
    browser_sign_in(page, base, DISPATCHER.username, DISPATCHER.password)

    page.goto(f"{base}/dispatch/?date={day.isoformat()}")
    for trip_id in ids:
        expect(page.locator(f'.pending-trip[data-trip="{trip_id}"]')).to_be_visible()
    page.click("#optimize-form button[type=submit]")

    # The run page shows the progress bar first, then the polled panel turns into the draft.
    page.wait_for_selector("#run-progress")
    page.wait_for_selector('#run-panel[data-state="draft"]', timeout=30_000)
    pick = ids[0]
    row = page.locator(f'tr.draft-row[data-trip="{pick}"]')
    before = row.get_attribute("data-vehicle")
    assert before, "the optimizer should have found a car for a 2-person trip"
    options = page.eval_on_selector_all(
        f"#vehicle-{pick} option", "els => els.map(e => [e.value, e.textContent.trim()])"
    )
    value, label = next((v, t) for v, t in options if v and not t.startswith(f"{before} "))
    target = label.split(" ")[0]
    row.locator("select").select_option(value)
    row.locator("button[type=submit]").click()
    pinned_row = page.locator(f'tr.draft-row[data-trip="{pick}"][data-vehicle="{target}"]')
    expect(pinned_row).to_be_visible()
    expect(pinned_row.locator(".tag")).to_be_visible()  # marked as pinned

    page.click("#reoptimize")
    page.wait_for_selector('#run-panel[data-state="draft"]', timeout=30_000)
    expect(
        page.locator(f'tr.draft-row[data-trip="{pick}"][data-vehicle="{target}"]')
    ).to_be_visible()

    page.click("#approve")
    page.wait_for_url(f"{base}/dispatch/?date={day.isoformat()}*")
    expect(
        page.locator(f'tr[data-vehicle="{target}"] .trip-block[data-trip="{pick}"]')
    ).to_be_visible()
    for trip_id in ids:
        expect(page.locator(f'.trip-block[data-trip="{trip_id}"]')).to_be_visible()
        expect(page.locator(f'.pending-trip[data-trip="{trip_id}"]')).to_have_count(0)

    with sessions() as session:
        trips = {t.id: t for t in session.scalars(select(Trip).where(Trip.id.in_(ids)))}
        vehicle = session.scalar(select(Vehicle).where(Vehicle.code == target))
        assert {t.status for t in trips.values()} == {"approved"}
        assert trips[pick].vehicle_id == vehicle.id and trips[pick].pinned  # type: ignore[union-attr]
