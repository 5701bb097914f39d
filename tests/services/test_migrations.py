"""The Alembic migrations are the schema's source of truth: they build it from empty and match the models."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

import scheduler.models  # noqa: F401
from scheduler.db import Base
from scheduler.migrate import alembic_config, upgrade


def test_migrations_create_every_table_from_empty(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url)
    engine = create_engine(url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def schema_drift(url: str) -> list[object]:
    """Differences between the models and the database at `url` after migrating it."""
    upgrade(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        diff: list[object] = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    return diff


def test_models_and_migrations_do_not_drift(tmp_path: Path) -> None:
    assert schema_drift(f"sqlite:///{tmp_path / 'drift.db'}") == []


def test_migrations_downgrade_to_empty_and_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'roundtrip.db'}"
    upgrade(url)
    command.downgrade(alembic_config(url), "base")
    engine = create_engine(url)
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    engine.dispose()
    upgrade(url)
