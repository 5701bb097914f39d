"""Each user sees only their own notifications, with an unread count in the header."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.models import Notification, Role
from scheduler.services.fleet.trips import TRIP_CANCELLED
from scheduler.services.messages import LEGACY_TEXT
from scheduler.services.notifications import notify
from tests.conftest import Factory, csrf_token, sign_in


def test_user_sees_own_notifications_and_marks_them_read(
    client: FlaskClient, factory: Factory, db: Session
) -> None:
    me = factory.create_user(roles=(Role.AGENCY_STAFF,))
    other = factory.create_user(roles=(Role.AGENCY_STAFF,))
    notify(db, me, LEGACY_TEXT, link="/trips/7", text="Trip #7 approved: CIV-01")
    notify(db, other, LEGACY_TEXT, text="Someone else's secret trip")
    db.commit()
    sign_in(client, me.username)

    home = client.get("/").get_data(as_text=True)
    assert 'class="nav-count"' in home

    page = client.get("/notifications/").get_data(as_text=True)
    assert "Trip #7 approved: CIV-01" in page
    assert "Someone else's secret trip" not in page

    response = client.post("/notifications/read", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    db.expire_all()
    mine = db.scalars(select(Notification).where(Notification.user_id == me.id)).one()
    theirs = db.scalars(select(Notification).where(Notification.user_id == other.id)).one()
    assert mine.read_at is not None
    assert theirs.read_at is None
    db.rollback()  # end the read: SQLite transactions here take the write lock
    assert 'class="nav-count"' not in client.get("/").get_data(as_text=True)


def test_marking_read_needs_csrf_and_sign_in(client: FlaskClient, factory: Factory) -> None:
    assert client.get("/notifications/").status_code == 302
    me = factory.create_user()
    sign_in(client, me.username)
    assert client.post("/notifications/read").status_code == 400


def test_one_stored_notification_reads_in_each_readers_language(
    client: FlaskClient, factory: Factory, db: Session
) -> None:
    zh_reader = factory.create_user(roles=(Role.DISPATCHER,))
    en_reader = factory.create_user(roles=(Role.DISPATCHER,))
    zh_name, en_name = zh_reader.username, en_reader.username
    params = {
        "trip": 42,
        "agency": {"zh": "民政局", "en": "Civil Affairs"},
        "start": "2026-12-08T09:00:00+08:00",
        "destination": "市議會",
        "plate": "BTJ-0669",
        "reason": "會議取消",
    }
    for reader in (zh_reader, en_reader):
        notify(db, reader, TRIP_CANCELLED, link="/trips/42", **params)
    db.commit()
    stored = db.scalars(select(Notification).where(Notification.user_id == zh_reader.id)).one()
    assert stored.code == TRIP_CANCELLED and stored.params["trip"] == 42  # facts, not a sentence
    db.rollback()

    sign_in(client, zh_name)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "已核准的行程 #42" in page and "民政局" in page and "115/12/08 09:00" in page
    assert "Civil Affairs" not in page and "was cancelled" not in page

    english = client.application.test_client()
    sign_in(english, en_name)
    english.post("/language/en", data={"csrf_token": csrf_token(english, "/")})
    page = english.get("/notifications/").get_data(as_text=True)
    assert "Approved trip #42 was cancelled by Civil Affairs" in page
    assert "2026-12-08 09:00" in page and "民政局" not in page
