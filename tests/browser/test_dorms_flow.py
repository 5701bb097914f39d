"""Dormitories in a real browser, each page checked with axe (WCAG 2 A/AA): a resident checks
their room and lease, an applicant their place in the queue, the housing officer allocates and
approves, and the applicant accepts the offer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from scheduler.demo.users import demo_user
from tests.browser.conftest import browser_sign_in

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def accessible(page: Page, axe: Axe) -> None:
    """No WCAG 2 A/AA violation on the page as it is now."""
    results = axe.run(page, options=AXE_OPTIONS)
    violations: list[dict[str, Any]] = results.response["violations"]
    details = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert violations == [], details


@pytest.fixture
def tabs(browser: Browser) -> Iterator[Any]:
    """A fresh browser context per person (each signs in separately)."""
    contexts = []

    def open_tab(width: int = 1366) -> Page:
        context = browser.new_context(
            locale="zh-TW", timezone_id="Asia/Taipei", viewport={"width": width, "height": 900}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


def sign_in_as(page: Page, base: str, username: str) -> None:
    browser_sign_in(page, base, username, demo_user(username).password)


def test_resident_applicant_and_officer_through_an_accepted_offer(
    live_server: str, tabs: Any, axe: Axe
) -> None:
    base = live_server
    resident = tabs(390)
    sign_in_as(resident, base, "resident")
    resident.click("nav >> text=我的房間")
    expect(resident.locator("#my-room-number")).to_be_visible()
    expect(resident.locator("#my-lease-dates")).to_contain_text("民國")
    accessible(resident, axe)
    resident.click("text=租約明細、續約及遷出預告")
    expect(resident.locator("#lease-dates")).to_be_visible()
    accessible(resident, axe)

    applicant = tabs()
    sign_in_as(applicant, base, "applicant")
    applicant.goto(f"{base}/dorms/mine")
    expect(applicant.locator("#my-place .big-figure")).to_contain_text("40 人中的第")
    expect(applicant.locator("table.queue tr.me")).to_be_visible()
    accessible(applicant, axe)

    officer = tabs()
    sign_in_as(officer, base, "housing")
    officer.goto(f"{base}/dorms/manage")
    accessible(officer, axe)
    officer.click("text=配借空房")
    accessible(officer, axe)
    officer.click("#allocate")
    officer.wait_for_selector("#proposal-table")
    applicant_row = officer.locator("#proposal-table tr", has_text="蔡家豪")
    expect(applicant_row).to_have_class("change-new")
    accessible(officer, axe)
    officer.click("#approve")
    expect(officer.locator(".flash")).to_contain_text("已核准")

    applicant.goto(f"{base}/dorms/mine")
    expect(applicant.locator("#my-offer")).to_be_visible()
    accessible(applicant, axe)
    applicant.click("#accept-offer")
    expect(applicant.locator(".flash")).to_contain_text("您已接受配借")
    expect(applicant.locator("#lease-dates")).to_contain_text("民國")
    accessible(applicant, axe)
    applicant.goto(f"{base}/dorms/mine")
    expect(applicant.locator("#my-room")).to_be_visible()
