"""Dormitory demo records beyond the lease history: the points rules and the answers behind each
place on the waiting list, applications to verify, the family dormitories, the pandemic notices
and a room under repair. Its own random source, so no other area's records change.

Today's allocation is left to run: the vacant rooms and the verified list are there for the
housing officer's "Allocate", and the demo applicant is near the top of the list.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from scheduler.demo.context import DemoContext
from scheduler.demo.dorm_rules import demo_questions
from scheduler.demo.names import mobile_phone, person_name
from scheduler.models import (
    DormApplication,
    DormBuilding,
    DormNotice,
    DormQuestion,
    DormRoom,
    DormStayReview,
    Lease,
    Role,
    User,
)
from scheduler.services.dorms.periods import years_later
from scheduler.services.dorms.queue import allocatable_rooms
from scheduler.services.dorms.rules import evaluate

SUBMITTED = 4  # new applications waiting for the housing officer's verification
# The report: "建物含符合續住規定眷舍 3 筆" (names assumed).
FAMILY = (
    ("FA", "青田街眷舍", "Qingtian Street family dormitory"),
    ("FB", "溫州街眷舍", "Wenzhou Street family dormitory"),
    ("FC", "金華街眷舍", "Jinhua Street family dormitory"),
)
# The seed's pandemic measures for Xiyuan and Xinyi (posted when the alert rose in May 2021).
NOTICES = (
    (
        "每日消毒常接觸設施",
        "每日以稀釋過的漂白水擦拭經常接觸的設施，如門把、電梯按鈕、欄杆扶手等。",
    ),
    ("入口提供消毒酒精", "宿舍 1 樓入口處提供消毒酒精供借用人使用，並適時補充。"),
    ("保持門窗通風", "請保持宿舍門窗通風及空氣對流，並注意個人健康情形及衛生習慣。"),
)
NOTICES_POSTED = date(2021, 5, 17)
STRONG = {"household": "south_east", "posting": "rotated", "grade": "junior", "owns_home": "no"}


def create_dorm_records(ctx: DemoContext, rng: random.Random) -> None:
    """Rules, answers and points, applications to verify, family dormitories, notices, a repair."""
    session = ctx.session
    questions = demo_questions()
    session.add_all(questions)
    session.flush()
    _answer_applications(ctx, rng, questions)
    _submitted_applications(ctx, rng, questions)
    _family_dormitories(ctx, rng)
    _notices(ctx)
    _room_under_repair(ctx, rng)
    session.flush()


def _answers(rng: random.Random, questions: list[DormQuestion]) -> dict[str, str]:
    """Qualifying answers, most often the middle ones."""
    answers = {}
    for question in questions:
        if question.kind == "number":
            answers[question.code] = str(rng.randint(0, 14))
        else:
            eligible = [o["value"] for o in question.options if o["eligible"]]
            answers[question.code] = rng.choice(eligible)
    return answers


def _answer_applications(
    ctx: DemoContext, rng: random.Random, questions: list[DormQuestion]
) -> None:
    """The waiting and withdrawn applications get answers; their points follow from the rules."""
    applicant = ctx.users["applicant"]
    stmt = select(DormApplication).where(DormApplication.status.in_(("waiting", "withdrawn")))
    for application in ctx.session.scalars(stmt.order_by(DormApplication.id)):
        answers = _answers(rng, questions)
        if application.applicant_id == applicant.id:
            answers.update(STRONG, service_years="9")
            application.preferences = ["XY", "XI"]
            application.needs_accessible = False
        evaluation = evaluate(questions, answers)
        application.answers = evaluation.answers
        application.breakdown = evaluation.breakdown
        application.points = evaluation.points
        if application.status == "waiting":
            application.decided_by_id = ctx.users["housing"].id
            application.decided_at = ctx.stamp(application.applied_on + timedelta(days=3))


def _person(ctx: DemoContext, rng: random.Random, username: str, since: date) -> User:
    gender = rng.choice("FM")
    user = User(
        username=username,
        password_hash=ctx.unknown_password_hash,
        display_name=person_name(rng, gender),
        phone=mobile_phone(rng),
        gender=gender,
        email=f"{username}@mail.taipei.gov.tw",
        agency=ctx.agencies[rng.choice(sorted(ctx.agencies))],
        created_at=ctx.stamp(since),
    )
    user.set_roles({Role.RESIDENT})
    ctx.session.add(user)
    return user


def _submitted_applications(
    ctx: DemoContext, rng: random.Random, questions: list[DormQuestion]
) -> None:
    for n in range(1, SUBMITTED + 1):
        applied = ctx.today - timedelta(days=rng.randint(1, 12))
        user = _person(ctx, rng, f"applicant{n:02d}", applied - timedelta(days=90))
        evaluation = evaluate(questions, _answers(rng, questions))
        ctx.session.add(
            DormApplication(
                applicant=user,
                points=evaluation.points,
                applied_on=applied,
                gender=user.gender or "F",
                needs_accessible=False,
                preferences=rng.choice((["XY", "XI"], ["XI", "XY"], ["XY"])),
                status="submitted",
                answers=evaluation.answers,
                breakdown=evaluation.breakdown,
                created_at=ctx.stamp(applied),
            )
        )


def _family_dormitories(ctx: DemoContext, rng: random.Random) -> None:
    """Three family dormitories, each with a household on a two-year lease and its reviews."""
    for n, (code, zh, en) in enumerate(FAMILY, start=1):
        building = DormBuilding(code=code, name_zh=zh, name_en=en, kind="family")
        room = DormRoom(number="0001", floor=1, gender=None, accessible=False)
        building.rooms.append(room)
        ctx.session.add(building)
        household = _person(ctx, rng, f"family{n:02d}", date(1998, 3, 1))
        start = ctx.today - timedelta(days=rng.randint(60, 650))
        lease = Lease(
            room=room,
            resident=household,
            start=start,
            end=years_later(start, 2),
            status="active",
            moved_in_on=date(1998, 3, 1) + timedelta(days=rng.randint(0, 3000)),
            created_at=ctx.stamp(start - timedelta(days=20)),
        )
        ctx.session.add(lease)
        ctx.session.flush()
        reviewed = ctx.today - timedelta(days=rng.randint(200, 420))
        ctx.session.add(
            DormStayReview(
                lease_id=lease.id,
                reviewed_on=reviewed,
                checks={
                    "still_serving": True,
                    "no_home_in_area": True,
                    "household_lives_there": True,
                },
                outcome="qualifies",
                reviewer_id=ctx.users["housing"].id,
                next_review_on=reviewed + timedelta(days=365),
                created_at=ctx.stamp(reviewed),
            )
        )


def _notices(ctx: DemoContext) -> None:
    for title, body in NOTICES:
        ctx.session.add(
            DormNotice(
                building_id=None,
                title=title,
                body=body,
                posted_by_id=ctx.users["housing"].id,
                posted_at=ctx.stamp(NOTICES_POSTED),
            )
        )


def _room_under_repair(ctx: DemoContext, rng: random.Random) -> None:
    """One vacant room is being repaired (out of today's allocation): a women's-floor one if
    there is one, as the demo applicant is a man near the top of the list."""
    ctx.session.flush()
    vacant = allocatable_rooms(ctx.session, ctx.today)
    room = rng.choice([r for r in vacant if r.gender == "F"] or vacant)
    room.hold = "repair"
    room.hold_note = "浴室漏水修繕"
