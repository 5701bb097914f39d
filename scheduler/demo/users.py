"""The demo sign-ins, one per role (and one holding two), printed by `python app.py`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scheduler.demo.context import DemoContext
from scheduler.models import Role, User
from scheduler.services.accounts import hash_password

DEMO_PASSWORD = "demo2021"
ACCOUNTS_OPENED = date(2020, 12, 1)


@dataclass(frozen=True)
class DemoUser:
    """A sign-in the demo creates, with what it shows off."""

    username: str
    password: str
    roles: tuple[Role, ...]
    agency_code: str
    description: str
    display_name: str
    gender: str | None = None


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "admin",
        DEMO_PASSWORD,
        (Role.ADMIN,),
        "SEC",
        "administrator 系統管理者: users, roles, agencies, resources, settings",
        "系統管理員",
    ),
    DemoUser(
        "dispatcher",
        DEMO_PASSWORD,
        (Role.DISPATCHER,),
        "SEC",
        "dispatcher 調派人員 (Secretariat): pooled-car requests, optimizer, schedule",
        "調派員 陳志明",
        "M",
    ),
    DemoUser(
        "venues",
        DEMO_PASSWORD,
        (Role.VENUE_MANAGER,),
        "SEC",
        "venue manager 場地管理: venue requests, fees, stage and lighting, closures",
        "場地管理 林淑美",
        "F",
    ),
    DemoUser(
        "housing",
        DEMO_PASSWORD,
        (Role.HOUSING_OFFICER,),
        "SEC",
        "housing officer 宿舍管理: rooms, waiting list, allocation, move-in/out",
        "宿舍管理 黃建宏",
        "M",
    ),
    DemoUser(
        "supervisor",
        DEMO_PASSWORD,
        (Role.DISPATCHER, Role.VENUE_MANAGER),
        "SEC",
        "dispatcher 調派人員 + venue manager 場地管理 (two roles)",
        "總務科長 張雅玲",
        "F",
    ),
    DemoUser(
        "staff.civil",
        DEMO_PASSWORD,
        (Role.AGENCY_STAFF,),
        "CIV",
        "agency staff 機關承辦人, 民政局 Civil Affairs: trips and venue requests",
        "民政局 李俊傑",
        "M",
    ),
    DemoUser(
        "staff.health",
        DEMO_PASSWORD,
        (Role.AGENCY_STAFF,),
        "HLT",
        "agency staff 機關承辦人, 衛生局 Health: pandemic-duty trips",
        "衛生局 王怡君",
        "F",
    ),
    DemoUser(
        "staff.police",
        DEMO_PASSWORD,
        (Role.AGENCY_STAFF,),
        "POL",
        "agency staff 機關承辦人, 警察局 Police",
        "警察局 吳承翰",
        "M",
    ),
    DemoUser(
        "resident",
        DEMO_PASSWORD,
        (Role.RESIDENT,),
        "FIN",
        "resident 借用人: a dormitory room with an active lease",
        "財政局 劉佩珊",
        "F",
    ),
    DemoUser(
        "applicant",
        DEMO_PASSWORD,
        (Role.RESIDENT,),
        "EDU",
        "applicant 申請人 (resident role): on the dormitory waiting list",
        "教育局 蔡家豪",
        "M",
    ),
)


def demo_user(username: str) -> DemoUser:
    """The demo sign-in with this username."""
    return next(demo for demo in DEMO_USERS if demo.username == username)


def create_demo_users(ctx: DemoContext) -> dict[str, User]:
    """Add the demo sign-ins; the shared password is hashed once (scrypt is slow on purpose)."""
    password_hash = hash_password(DEMO_PASSWORD)
    users: dict[str, User] = {}
    for demo in DEMO_USERS:
        user = User(
            username=demo.username,
            password_hash=password_hash,
            display_name=demo.display_name,
            email=f"{demo.username}@demo.taipei.gov.tw",
            phone=f"02-2720-8889 #{1000 + len(users)}",
            gender=demo.gender,
            agency=ctx.agencies[demo.agency_code],
            created_at=ctx.stamp(ACCOUNTS_OPENED),
        )
        user.set_roles(set(demo.roles))
        users[demo.username] = user
    ctx.session.add_all(users.values())
    return users
