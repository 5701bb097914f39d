"""The dormitory cycle again on PostgreSQL: the same services, migrations and unique indexes.

The tests are the SQLite ones, collected here a second time with `app` bound to a throwaway
PostgreSQL database migrated by the same Alembic scripts.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from scheduler.migrate import upgrade
from tests.services.dispatch.test_dispatch_postgres import _make_app_for
from tests.services.dorms.test_flow import (  # noqa: F401  (collected with the PG app)
    setting,
    test_a_recorded_run_re_runs_to_the_same_allocation,
    test_an_offer_that_lapses_passes_the_room_on,
    test_apply_verify_allocate_approve_accept_move_out_and_reallocate,
    test_approving_twice_or_a_stale_proposal_is_refused,
    test_the_database_refuses_a_room_or_a_person_twice,
)
from tests.services.test_postgres import pg_url  # noqa: F401  (fixture)


@pytest.fixture
def app(pg_url: str) -> Iterator[Flask]:  # noqa: F811
    """The app on an empty, migrated PostgreSQL database."""
    upgrade(pg_url)
    application = _make_app_for(pg_url)
    yield application
    application.extensions["engine"].dispose()
