"""One SQLAlchemy session per request; the view layer commits once, services only flush."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.db import make_engine, make_session_factory
from scheduler.migrate import upgrade


def init_database(app: Flask) -> None:
    """Create the engine and session factory for the app's DATABASE_URL."""
    url: str = app.config["DATABASE_URL"]
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    app.extensions["engine"] = engine
    app.extensions["sessionmaker"] = make_session_factory(engine)

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session: Session | None = g.pop("db_session", None)
        if session is not None:
            session.close()


def db_session() -> Session:
    """The current request's session (opened on first use)."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["sessionmaker"]()
    session: Session = g.db_session
    return session


def prepare_database(app: Flask) -> bool:
    """Migrate to the newest schema and load the demo data into an empty database; True if loaded."""
    upgrade(app.config["DATABASE_URL"])
    from scheduler.demo import load_demo
    from scheduler.models import Agency

    with app.extensions["sessionmaker"]() as session:
        if session.scalar(select(func.count()).select_from(Agency)):
            return False
        load_demo(session, seed=app.config["DEMO_SEED"])
        session.commit()
        return True
