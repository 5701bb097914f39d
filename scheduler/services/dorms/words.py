"""The dormitory area's message codes: notifications to applicants and residents, and the
optimizer's reasons why an applicant stays waiting (rendered in the reader's language)."""

from __future__ import annotations

from scheduler.errors import N_
from scheduler.services.messages import define, define_terms

APPLICATION_RECEIVED = define(
    "dorms.application_received",
    N_(
        "Your dormitory application #%(application)s was received with %(points)s points. "
        "The housing office verifies it; bring the documents listed on your page."
    ),
    subject=N_("Dormitory application received"),
)
APPLICATION_VERIFIED = define(
    "dorms.application_verified",
    N_(
        "Your dormitory application #%(application)s is verified: you are on the waiting list "
        "with %(points)s points."
    ),
    subject=N_("Dormitory application verified"),
)
APPLICATION_REJECTED = define(
    "dorms.application_rejected",
    N_("Your dormitory application #%(application)s was not accepted: %(reason)s"),
    subject=N_("Dormitory application not accepted"),
)
POINTS_CORRECTED = define(
    "dorms.points_corrected",
    N_(
        "The points of your dormitory application #%(application)s were corrected from "
        "%(before)s to %(after)s: %(reason)s"
    ),
    subject=N_("Dormitory points corrected"),
)
OFFER_MADE = define(
    "dorms.offer_made",
    N_("You are offered room %(room)s in %(building)s. Accept or decline by %(deadline)s."),
    subject=N_("A dormitory room is offered to you"),
    building="name",
    deadline="date",
)
OFFER_LAPSED = define(
    "dorms.offer_lapsed",
    N_("The offer of room %(room)s lapsed without an answer. %(place)s"),
    subject=N_("Dormitory offer lapsed"),
    place="term:dorms_place",
)
LEASE_STARTED = define(
    "dorms.lease_started",
    N_(
        "Your lease of room %(room)s runs from %(start)s to %(end)s. Sign the lending contract "
        "and move in by %(move_in_by)s."
    ),
    subject=N_("Dormitory lease started"),
    start="date",
    end="date",
    move_in_by="date",
)
MOVE_IN_MISSED = define(
    "dorms.move_in_missed",
    N_("You did not move into room %(room)s by %(deadline)s, so the room is given up."),
    subject=N_("Dormitory room given up"),
    deadline="date",
)
LEASE_ENDING = define(
    "dorms.lease_ending",
    N_(
        "Your lease of room %(room)s ends on %(end)s. To renew, ask the housing office by "
        "%(deadline)s (on your dormitory page)."
    ),
    subject=N_("Your dormitory lease ends soon"),
    end="date",
    deadline="date",
)
LEASE_RENEWED = define(
    "dorms.lease_renewed",
    N_("Your lease of room %(room)s is renewed until %(end)s."),
    subject=N_("Dormitory lease renewed"),
    end="date",
)
LEASE_ENDED = define(
    "dorms.lease_ended",
    N_("Your move-out from room %(room)s on %(day)s is recorded; the lease has ended."),
    subject=N_("Dormitory lease ended"),
    day="date",
)
MOVE_OUT_NOTICE = define(
    "dorms.move_out_notice",
    N_("%(resident)s gave notice to move out of room %(room)s on %(day)s."),
    subject=N_("Dormitory move-out notice"),
    day="date",
)
NOTICE_POSTED = define(
    "dorms.notice_posted",
    N_("Dormitory notice: %(title)s"),
    subject=N_("Dormitory notice: %(title)s"),
)
STAY_REVIEWED = define(
    "dorms.stay_reviewed",
    N_("The continued-stay review of your family dormitory on %(day)s: %(outcome)s"),
    subject=N_("Family dormitory review"),
    day="date",
    outcome="term:dorms_outcome",
)

# The optimizer's reasons (optimize/dorms/reasons.py), with buildings as names and the other
# applicants as application numbers (#12).
define(
    "dorms.no_room_in_preferred",
    N_("No vacant room in the buildings asked for (%(buildings)s)."),
    buildings="list:name",
)
define(
    "dorms.no_room_for_gender",
    N_("No vacant room for %(gender)s in %(buildings)s."),
    gender="term:dorms_gender",
    buildings="list:name",
)
define(
    "dorms.no_accessible_room",
    N_("No vacant accessible room for %(gender)s in %(buildings)s."),
    gender="term:dorms_gender",
    buildings="list:name",
)
define(
    "dorms.needed_by_higher_ranked",
    N_("Every fitting room (%(rooms)s) goes to higher-ranked applicants: %(holders)s."),
    holders="list:text",
)
define(
    "dorms.rooms_taken",
    N_("The fitting rooms went to %(holders)s first."),
    holders="list:text",
)

define_terms(
    "dorms_place",
    {
        "keep": N_("You keep your place on the waiting list."),
        "drop": N_("Your application is closed; apply again to return to the waiting list."),
    },
)
define_terms("dorms_gender", {"F": N_("women"), "M": N_("men")})
define_terms(
    "dorms_outcome",
    {"qualifies": N_("you qualify to stay"), "not_qualified": N_("you no longer qualify to stay")},
)
