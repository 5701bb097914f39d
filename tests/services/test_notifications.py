"""Notifications and the mail outbox: codes rendered in each reader's language, sent once, retried."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.db import utcnow
from scheduler.models import Notification, OutboxMail, OutboxState, Role
from scheduler.services.fleet.trips import TRIP_CANCELLED
from scheduler.services.messages import define, format_date, format_datetime, render
from scheduler.services.notifications import (
    FIRST_RETRY,
    MAX_ATTEMPTS,
    deliver_outbox,
    notify,
    queue_mail,
)
from tests.conftest import Factory

PARAMS = {
    "trip": 7,
    "agency": {"zh": "民政局", "en": "Civil Affairs"},
    "start": "2026-12-08T09:00:00+08:00",
    "destination": "市議會",
    "plate": "BTJ-0669",
    "reason": "-",
}


class Relay:
    """A mail relay that fails its first `failures` sends."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.sent: list[tuple[str, str, str]] = []

    def __call__(self, to: str, subject: str, body: str) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("relay down")
        self.sent.append((to, subject, body))


def test_the_mail_copy_is_rendered_in_the_recipients_language(
    db: Session, factory: Factory
) -> None:
    zh = factory.create_user(roles=(Role.DISPATCHER,))
    en = factory.create_user(roles=(Role.DISPATCHER,), locale="en")
    for user in (zh, en):
        notify(db, user, TRIP_CANCELLED, link="/trips/7", **PARAMS)
    db.commit()
    relay = Relay()
    assert deliver_outbox(db, relay) == 2
    by_address = {to: (subject, body) for to, subject, body in relay.sent}
    subject, body = by_address[zh.email]
    assert subject == "已核准的行程 #7 已取消" and "民政局" in body and "115/12/08 09:00" in body
    assert body.endswith("/trips/7")
    subject, body = by_address[en.email]
    assert subject == "Approved trip #7 was cancelled" and "Civil Affairs" in body
    assert "2026-12-08 09:00" in body
    assert db.scalars(select(Notification)).all()[0].params["agency"]["en"] == "Civil Affairs"


def test_a_failed_mail_is_retried_with_backoff_and_sent_once(db: Session) -> None:
    queue_mail(db, "someone@example.gov.tw", TRIP_CANCELLED, **PARAMS)
    db.commit()
    relay = Relay(failures=2)
    now = utcnow()
    assert deliver_outbox(db, relay, now=now) == 0
    mail = db.scalars(select(OutboxMail)).one()
    assert mail.state == OutboxState.PENDING.value and mail.attempts == 1
    assert "relay down" in mail.last_error
    assert deliver_outbox(db, relay, now=now) == 0  # not due again yet
    assert deliver_outbox(db, relay, now=now + FIRST_RETRY) == 0  # second failure
    db.refresh(mail)
    assert mail.next_attempt_at >= now + FIRST_RETRY * 3  # backoff doubles
    assert deliver_outbox(db, relay, now=now + timedelta(hours=1)) == 1
    assert deliver_outbox(db, relay, now=now + timedelta(hours=2)) == 0  # never twice
    db.refresh(mail)
    assert mail.state == OutboxState.SENT.value and len(relay.sent) == 1


def test_a_mail_that_keeps_failing_is_given_up_after_the_last_attempt(db: Session) -> None:
    queue_mail(db, "someone@example.gov.tw", TRIP_CANCELLED, **PARAMS)
    db.commit()
    relay = Relay(failures=MAX_ATTEMPTS + 5)
    now = utcnow()
    for attempt in range(MAX_ATTEMPTS + 2):
        deliver_outbox(db, relay, now=now + timedelta(days=attempt))
    mail = db.scalars(select(OutboxMail)).one()
    assert mail.state == OutboxState.FAILED.value and mail.attempts == MAX_ATTEMPTS
    assert relay.sent == []


def test_an_undefined_code_is_refused_before_anything_is_stored(
    db: Session, factory: Factory
) -> None:
    user = factory.create_user()
    with pytest.raises(ValueError, match="undefined message code"):
        notify(db, user, "no.such.code")


def test_parameters_are_shown_by_their_kind_in_each_language() -> None:
    code = define(
        "test.kinds",
        "%(when)s %(day)s %(fee)s %(needs)s",
        when="datetime",
        day="date_long",
        fee="money",
        needs="list:text",
    )
    params = {"when": "2021-06-30T23:30:00+00:00", "day": "2021-06-30", "fee": 57000}
    params["needs"] = ["van", "ev"]
    assert render(code, params, "zh_TW") == "110/07/01 07:30 民國110年6月30日 NT$57,000 van、ev"
    assert render(code, params, "en") == "2021-07-01 07:30 2021-06-30 NT$57,000 van, ev"
    assert render("unknown.code", {}, "en") == "unknown.code"
    assert format_datetime("not a time", "en") == "not a time"
    assert format_date("1911-12-31", "zh_TW") == "1911-12-31"  # before the ROC calendar
