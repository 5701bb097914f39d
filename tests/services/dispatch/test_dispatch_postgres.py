"""The approval races again, on PostgreSQL: the scale-out database must keep one consistent plan too.

The tests are the SQLite ones, collected here a second time with `app` bound to a throwaway
PostgreSQL database migrated by the same Alembic scripts.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from scheduler.migrate import upgrade
from tests.services.dispatch.test_dispatch_approval import (  # noqa: F401  (collected with the PG app)
    fleet,
    test_a_stale_draft_is_refused,
    test_approval_applies_the_draft_and_tells_the_requesters,
    test_racing_approvals_leave_exactly_one_plan,
    test_the_same_draft_approved_twice_is_refused_the_second_time,
)
from tests.services.test_postgres import pg_url  # noqa: F401  (fixture)


@pytest.fixture
def app(pg_url: str) -> Iterator[Flask]:  # noqa: F811
    """The app on an empty, migrated PostgreSQL database."""
    upgrade(pg_url)
    application = _make_app_for(pg_url)
    yield application
    application.extensions["engine"].dispose()


def _make_app_for(url: str) -> Flask:
    from scheduler.web import create_app

    return create_app(
        {"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": url, "AUTO_SETUP": False}
    )
