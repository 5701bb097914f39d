"""Agencies, users and their roles."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.db import Base, BilingualName, UTCDateTime, utcnow


class Role(enum.StrEnum):
    """What a user may do; a user holds one or more."""

    ADMIN = "admin"
    DISPATCHER = "dispatcher"
    VENUE_MANAGER = "venue_manager"
    HOUSING_OFFICER = "housing_officer"
    AGENCY_STAFF = "agency_staff"
    RESIDENT = "resident"


class Agency(BilingualName, Base):
    """A City Government agency (秘書處, 民政局 ...): owns vehicles, makes requests."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    users: Mapped[list[User]] = relationship(back_populates="agency")


class User(Base):
    """A person who signs in; belongs to one agency and holds one or more roles."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    display_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    # The language the user last chose: mail and other words rendered without a request use it.
    locale: Mapped[str] = mapped_column(String(10), default="zh_TW")
    gender: Mapped[str | None] = mapped_column(String(1), nullable=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agency: Mapped[Agency] = relationship(back_populates="users")
    role_links: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> set[Role]:
        """The roles this user holds."""
        return {Role(link.role) for link in self.role_links}

    def has_role(self, *roles: Role) -> bool:
        """True when the user holds any of `roles`."""
        return bool(self.roles.intersection(roles))

    def set_roles(self, roles: set[Role]) -> None:
        """Replace the user's roles."""
        keep = [link for link in self.role_links if Role(link.role) in roles]
        have = {Role(link.role) for link in keep}
        self.role_links = keep + [UserRole(role=r.value) for r in sorted(roles - have)]

    # flask-login's protocol, written out so the model does not import flask.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)


class UserRole(Base):
    """One role held by one user."""

    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(32))

    user: Mapped[User] = relationship(back_populates="role_links")
