"""What the demo's area modules share while loading: the session, the random source, the anchors."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy.orm import Session

from scheduler.i18n import TAIPEI, taipei_datetime
from scheduler.models import Agency, User

# The report's reference dates: the half-year closes on 2021-06-30; the trip count runs to July.
REPORT_DAY = date(2021, 6, 30)
HISTORY_FIRST = date(2021, 1, 1)
HISTORY_LAST = date(2021, 7, 31)


@dataclass
class DemoContext:
    """Loading state: one seeded random source drives every choice, so a seed gives one dataset."""

    session: Session
    rng: random.Random
    today: date
    agencies: dict[str, Agency]
    users: dict[str, User] = field(default_factory=dict)  # demo sign-ins by username
    unknown_password_hash: str = ""  # for generated people nobody signs in as
    serial: int = 0  # numbers generated usernames

    def next_serial(self) -> int:
        """A new number for a generated username."""
        self.serial += 1
        return self.serial

    def staff_of(self, agency_code: str) -> User | None:
        """The demo staff member of an agency, if the demo has one (their requests show on sign-in)."""
        for user in self.users.values():
            if user.agency is self.agencies[agency_code] and user.username.startswith("staff."):
                return user
        return None

    def stamp(self, day: date, hour: int = 9) -> datetime:
        """A creation timestamp on a local day (rows get explicit stamps so loads are repeatable)."""
        return taipei_datetime(day, time(hour))

    @property
    def now(self) -> datetime:
        """The demo's 'now': noon of `today` in Taipei (fixed, so the data does not depend on the clock)."""
        return datetime.combine(self.today, time(12), tzinfo=TAIPEI)
