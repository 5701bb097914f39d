"""Passenger satisfaction surveys: invitations with unguessable tokens, and the answers."""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from scheduler.models import SurveyAnswer, Trip

VALID_DAYS = 30  # the settings' default "survey.valid_days"
INVITED_SHARE = 0.78  # passengers with a contact e-mail get the link
ANSWERED_SHARE = 0.60  # of all completed trips
SATISFIED_PERCENT = 97  # "非常滿意及滿意者達97%"

PRAISE = ("司機準時，開車平穩", "服務親切，謝謝", "車內整潔", "調派快速，行程順利", "司機熟悉路線")
NEUTRAL = ("等候稍久", "車內冷氣偏冷", "希望能提早通知車號")
COMPLAINTS = ("司機遲到約十分鐘", "未事先聯繫乘客", "車輛清潔待加強", "行車較急")


def rating_counts(answers: int) -> dict[int, int]:
    """How many of each rating so that 5 and 4 make SATISFIED_PERCENT of `answers`, rounded."""
    top = round(answers * SATISFIED_PERCENT / 100)
    while round(100 * top / answers) != SATISFIED_PERCENT:  # guard tiny counts against rounding
        top += 1 if 100 * top / answers < SATISFIED_PERCENT else -1
    rest = answers - top
    neutral = (rest * 6 + 9) // 10
    dissatisfied = (rest - neutral) * 2 // 3
    five = round(top * 0.72)
    return {5: five, 4: top - five, 3: neutral, 2: dissatisfied, 1: rest - neutral - dissatisfied}


def invitation(rng: random.Random, trip: Trip) -> SurveyAnswer:
    """An unanswered survey sent after `trip` ended. The token is secret, so not from the seed."""
    assert trip.actual_end is not None
    sent_at = trip.actual_end + timedelta(minutes=rng.randint(20, 90))
    return SurveyAnswer(
        trip=trip,
        token=secrets.token_urlsafe(24),
        sent_at=sent_at,
        expires_at=sent_at + timedelta(days=VALID_DAYS),
    )


def answer(rng: random.Random, survey: SurveyAnswer, rating: int, latest: datetime) -> None:
    """Fill in `survey` with `rating`, answered some time before `latest` and before it expired."""
    answered_at = survey.sent_at + timedelta(minutes=rng.randint(30, 6 * 24 * 60))
    survey.answered_at = min(answered_at, latest, survey.expires_at)
    survey.rating = rating
    if rating >= 4:
        survey.comment = rng.choice(PRAISE) if rng.random() < 0.2 else ""
    elif rating == 3:
        survey.comment = rng.choice(NEUTRAL) if rng.random() < 0.5 else ""
    else:
        survey.comment = rng.choice(COMPLAINTS) if rng.random() < 0.8 else ""


def create_history_surveys(
    rng: random.Random, completed: Sequence[Trip], latest: datetime
) -> list[SurveyAnswer]:
    """Invitations for most completed trips; answers for ANSWERED_SHARE with the report's 97%."""
    invited = rng.sample(list(completed), round(len(completed) * INVITED_SHARE))
    counts = rating_counts(round(len(completed) * ANSWERED_SHARE))
    ratings = [rating for rating, count in counts.items() for _ in range(count)]
    rng.shuffle(ratings)
    surveys = [invitation(rng, trip) for trip in invited]
    for survey, rating in zip(surveys, ratings, strict=False):
        answer(rng, survey, rating, latest)
    return surveys
