"""Applying and verifying again on PostgreSQL: refusals that save nothing, one open application.

The tests are the SQLite ones, collected here a second time with `app` bound to a throwaway
PostgreSQL database migrated by the same Alembic scripts.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from scheduler.migrate import upgrade
from tests.services.dispatch.test_dispatch_postgres import _make_app_for
from tests.services.dorms.test_applications import (  # noqa: F401  (collected with the PG app)
    rules,
    test_bad_input_is_refused_and_nothing_saved,
    test_officer_verifies_corrects_points_and_rejects,
    test_one_open_application_per_person_and_residents_only,
)
from tests.services.test_postgres import pg_url  # noqa: F401  (fixture)


@pytest.fixture
def app(pg_url: str) -> Iterator[Flask]:  # noqa: F811
    """The app on an empty, migrated PostgreSQL database."""
    upgrade(pg_url)
    application = _make_app_for(pg_url)
    yield application
    application.extensions["engine"].dispose()
