"""Command-line tasks: `flask --app app migrate`, `flask --app app seed-demo`."""

from __future__ import annotations

import click
from flask import Flask, current_app

from scheduler.migrate import upgrade


def init_cli(app: Flask) -> None:
    """Register the commands."""

    @app.cli.command("migrate")
    def migrate_command() -> None:
        """Bring the database schema up to date (Alembic upgrade head)."""
        upgrade(current_app.config["DATABASE_URL"])
        click.echo("schema is up to date")

    @app.cli.command("seed-demo")
    @click.option(
        "--seed", type=int, default=None, help="generator seed (default: the app's DEMO_SEED)"
    )
    def seed_demo_command(seed: int | None) -> None:
        """Load the Taipei City Hall demo data into an empty database."""
        from sqlalchemy import func, select

        from scheduler.demo import load_demo
        from scheduler.models import Agency

        upgrade(current_app.config["DATABASE_URL"])
        with current_app.extensions["sessionmaker"]() as session:
            if session.scalar(select(func.count()).select_from(Agency)):
                raise click.ClickException(
                    "the database already has data; seed-demo fills only an empty one"
                )
            load_demo(session, seed=seed if seed is not None else current_app.config["DEMO_SEED"])
            session.commit()
        click.echo("demo data loaded")
