"""A real browser signs in with a demo account and sees that role's home page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from scheduler.demo.users import DEMO_USERS
from tests.browser.conftest import browser_sign_in


def _demo(username: str) -> tuple[str, str]:
    user = next(u for u in DEMO_USERS if u.username == username)
    return user.username, user.password


def test_dispatcher_signs_in_and_sees_the_dispatch_panel(page: Page, live_server: str) -> None:
    browser_sign_in(page, live_server, *_demo("dispatcher"))
    expect(page.locator(".panel-dispatcher")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant-TW")
    # The demo's live work: requests waiting for a plan in the coming days.
    pending = page.locator(".panel-dispatcher .counts strong").first
    assert int(pending.inner_text()) > 0


def test_agency_staff_sees_only_their_panel_and_can_switch_to_english(
    page: Page, live_server: str
) -> None:
    browser_sign_in(page, live_server, *_demo("staff.civil"))
    expect(page.locator(".panel-agency_staff")).to_be_visible()
    expect(page.locator(".panel-dispatcher")).to_have_count(0)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_wrong_password_stays_on_the_form_with_a_message(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/login")
    page.fill("#username", "dispatcher")
    page.fill("#password", "not the password")
    page.click("#login-form button[type=submit]")
    expect(page.locator(".form-errors")).to_be_visible()
    assert page.url.startswith(f"{live_server}/login")
