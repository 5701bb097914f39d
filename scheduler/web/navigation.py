"""The navigation: each role sees the areas it may use (the server refuses the rest anyway)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from scheduler.models import Role

ALL_ROLES = tuple(Role)


@dataclass(frozen=True)
class NavEntry:
    endpoint: str
    label: object  # a lazy string, translated when shown
    roles: tuple[Role, ...]


# An area appears once its blueprint is registered; the order is the menu's.
NAV: list[NavEntry] = [
    NavEntry("home.index", _l("Home"), ALL_ROLES),
    NavEntry("fleet.my_trips", _l("Car requests"), (Role.AGENCY_STAFF,)),
    NavEntry("dispatch.board", _l("Dispatch board"), (Role.DISPATCHER,)),
    NavEntry("fleet.surveys", _l("Survey results"), (Role.DISPATCHER,)),
    NavEntry("venues.my_bookings", _l("Venue bookings"), (Role.AGENCY_STAFF,)),
    NavEntry("venues.manage", _l("Venue requests"), (Role.VENUE_MANAGER,)),
    NavEntry("dorms.manage", _l("Dormitories"), (Role.HOUSING_OFFICER,)),
    NavEntry("dorms.mine", _l("My room"), (Role.RESIDENT,)),
    NavEntry(
        "reports.index",
        _l("Reports"),
        (Role.ADMIN, Role.DISPATCHER, Role.VENUE_MANAGER, Role.HOUSING_OFFICER),
    ),
    NavEntry("calendar.index", _l("Calendar feeds"), ALL_ROLES),
    NavEntry("admin.index", _l("Administration"), (Role.ADMIN,)),
]


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    active: bool


def nav_items() -> list[NavItem]:
    """The entries the signed-in user may use, among the areas this app has."""
    items = []
    for entry in NAV:
        if entry.endpoint not in current_app.view_functions:
            continue
        if not current_user.is_authenticated or not current_user.has_role(*entry.roles):
            continue
        area = entry.endpoint.split(".")[0]
        items.append(
            NavItem(
                url=url_for(entry.endpoint),
                label=str(entry.label),
                active=(request.endpoint or "").split(".")[0] == area
                and area != "home"
                or request.endpoint == entry.endpoint,
            )
        )
    return items


def link_to(endpoint: str, **values: object) -> str | None:
    """The URL of `endpoint`, or None when that area is not part of this app (yet)."""
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **values)


def current_locale() -> str:
    """'zh_TW' or 'en'."""
    locale = get_locale()
    return "en" if locale is not None and locale.language == "en" else "zh_TW"


def unread_notifications() -> int:
    """The signed-in user's unread notification count, for the header."""
    from scheduler.services.notifications import unread_count
    from scheduler.web.access import acting_user
    from scheduler.web.database import db_session

    if not current_user.is_authenticated:
        return 0
    return unread_count(db_session(), acting_user())


def init_navigation(app: Flask) -> None:
    """Expose the navigation helpers to templates."""
    app.jinja_env.globals.update(
        nav_items=nav_items,
        link_to=link_to,
        current_locale=current_locale,
        unread_notifications=unread_notifications,
    )
