"""Staff dormitories, one import for the web layer.

By use case: the rules (rules, questions), applying and verifying (applications), the waiting
list and vacancies (queue), allocation runs (allocation), offers (offers), leases (leases), rooms
(rooms), notices (notices), the family dormitories (family), the person's own page (resident);
the message codes live in words. Scheduled work: expire_offers, release_missed_move_ins,
close_ended_leases and remind_lease_ends, each `(session, now) -> count` and idempotent.
"""

from __future__ import annotations

from scheduler.services.dorms import words
from scheduler.services.dorms.allocation import (
    APPROVED,
    DISCARDED,
    DRAFT,
    ProposalRow,
    Replay,
    build_instance,
    get_run,
    proposal,
    recent_runs,
    replay,
    run_allocation,
)
from scheduler.services.dorms.applications import (
    ApplicationInput,
    application_for_officer,
    applications_by_status,
    apply_for_room,
    correct_points,
    holding_lease,
    open_application,
    own_application,
    reject_application,
    single_buildings,
    verify_application,
    withdraw_application,
)
from scheduler.services.dorms.family import CHECKS, Household, households, review_stay
from scheduler.services.dorms.leases import (
    ENDING_WITHIN_DAYS,
    Term,
    close_ended_leases,
    ending_leases,
    give_move_out_notice,
    lease_for_officer,
    lease_term,
    not_moved_in,
    own_lease,
    record_move_in,
    record_move_out,
    remind_lease_ends,
    renew_lease,
    request_renewal,
)
from scheduler.services.dorms.notices import all_notices, post_notice, withdraw_notice
from scheduler.services.dorms.offers import (
    accept_offer,
    approve_allocation,
    decline_offer,
    discard_allocation,
    expire_offers,
    open_offers,
    release_missed_move_ins,
)
from scheduler.services.dorms.periods import today_of
from scheduler.services.dorms.queue import allocatable_rooms, vacant_rooms, waiting_list
from scheduler.services.dorms.resident import MyDormitory, my_applications, my_dormitory, my_leases
from scheduler.services.dorms.rooms import (
    ROOM_STATUSES,
    RoomRow,
    room_rows,
    set_room_hold,
    status_counts,
)
from scheduler.services.dorms.rules import active_questions, evaluate, field_name, point_changes

__all__ = [
    "APPROVED",
    "CHECKS",
    "DISCARDED",
    "DRAFT",
    "ENDING_WITHIN_DAYS",
    "ROOM_STATUSES",
    "ApplicationInput",
    "Household",
    "MyDormitory",
    "ProposalRow",
    "Replay",
    "RoomRow",
    "Term",
    "accept_offer",
    "active_questions",
    "all_notices",
    "allocatable_rooms",
    "application_for_officer",
    "applications_by_status",
    "apply_for_room",
    "approve_allocation",
    "build_instance",
    "close_ended_leases",
    "correct_points",
    "decline_offer",
    "discard_allocation",
    "ending_leases",
    "evaluate",
    "expire_offers",
    "field_name",
    "get_run",
    "give_move_out_notice",
    "holding_lease",
    "households",
    "lease_for_officer",
    "lease_term",
    "my_applications",
    "my_dormitory",
    "my_leases",
    "not_moved_in",
    "open_application",
    "open_offers",
    "own_application",
    "own_lease",
    "point_changes",
    "post_notice",
    "proposal",
    "recent_runs",
    "record_move_in",
    "record_move_out",
    "reject_application",
    "release_missed_move_ins",
    "remind_lease_ends",
    "renew_lease",
    "replay",
    "request_renewal",
    "review_stay",
    "room_rows",
    "run_allocation",
    "set_room_hold",
    "single_buildings",
    "status_counts",
    "today_of",
    "vacant_rooms",
    "verify_application",
    "waiting_list",
    "withdraw_application",
    "withdraw_notice",
    "words",
]
