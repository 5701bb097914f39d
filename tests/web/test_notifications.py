"""Each user sees only their own notifications, with an unread count in the header."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.models import Notification, Role
from scheduler.services.audit import notify
from tests.conftest import Factory, csrf_token, sign_in


def test_user_sees_own_notifications_and_marks_them_read(
    client: FlaskClient, factory: Factory, db: Session
) -> None:
    me = factory.create_user(roles=(Role.AGENCY_STAFF,))
    other = factory.create_user(roles=(Role.AGENCY_STAFF,))
    notify(db, me, "Trip #7 approved: CIV-01", link="/trips/7")
    notify(db, other, "Someone else's secret trip")
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
