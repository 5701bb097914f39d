"""The ORM models, one aggregate per module; importing this package registers every table."""

from scheduler.models.audit import AuditEntry, Notification, OutboxMail, OutboxState
from scheduler.models.calendar import FeedToken
from scheduler.models.dorm_notices import DormNotice, DormStayReview
from scheduler.models.dorm_rules import DormQuestion
from scheduler.models.dorms import DormApplication, DormBuilding, DormRoom, Lease
from scheduler.models.fleet import SurveyAnswer, Trip, TripStatus, Vehicle, VehicleOutage
from scheduler.models.optimization import OptimizationRun, PlanItem
from scheduler.models.people import Agency, Role, User, UserRole
from scheduler.models.settings import Setting
from scheduler.models.venues import (
    BookingEquipment,
    BookingSeries,
    BookingStatus,
    Closure,
    Equipment,
    Venue,
    VenueBooking,
    VenueFee,
)

__all__ = [
    "Agency",
    "AuditEntry",
    "BookingEquipment",
    "BookingSeries",
    "BookingStatus",
    "Closure",
    "DormApplication",
    "DormBuilding",
    "DormNotice",
    "DormQuestion",
    "DormRoom",
    "DormStayReview",
    "Equipment",
    "FeedToken",
    "Lease",
    "Notification",
    "OptimizationRun",
    "OutboxMail",
    "OutboxState",
    "PlanItem",
    "Role",
    "Setting",
    "SurveyAnswer",
    "Trip",
    "TripStatus",
    "User",
    "UserRole",
    "Vehicle",
    "VehicleOutage",
    "Venue",
    "VenueBooking",
    "VenueFee",
]
