"""The kinds of notification: who gets each, and whether a person may turn it off.

Pure data (no Django). Deadline notices cannot be turned off by the person who receives them;
only the weekly digest can. The council switches kinds on or off and sets their timing in the
admin (NotificationSetting)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    audience: str
    optional: bool = False
    # Working days before the deadline that the notice goes out (where it has one).
    days_before: int = 0


KINDS: tuple[Kind, ...] = (
    Kind(
        "no_iro", "Child in care with no IRO", "IRO managers, at once and when 5 working days pass"
    ),
    Kind(
        "review_due_20",
        "Review due in 20 working days",
        "the child's IRO and business support",
        days_before=20,
    ),
    Kind("review_due_10", "Review due in 10 working days", "the child's IRO", days_before=10),
    Kind("review_overdue", "Review overdue", "the child's IRO and IRO managers"),
    Kind("convening_late", "Convening request late", "the child's IRO and business support"),
    Kind("care_plan_late", "Care plan late for a review", "the child's IRO and business support"),
    Kind(
        "minutes_due",
        "Minutes or recommendations due",
        "the IRO who chaired the review",
        days_before=2,
    ),
    Kind("minutes_overdue", "Minutes or recommendations overdue", "the IRO who chaired the review"),
    Kind("recommendation_due", "Recommendation due", "its owner", days_before=2),
    Kind("recommendation_overdue", "Recommendation overdue", "its owner and their team manager"),
    Kind("dispute_raised", "Dispute raised with you", "the named responder and their team manager"),
    Kind(
        "dispute_escalated",
        "Dispute escalated",
        "the responder, their team manager and the stage's senior manager",
    ),
    Kind("dispute_response_due", "Dispute response due", "the named responder", days_before=2),
    Kind(
        "dispute_response_overdue",
        "Dispute response overdue",
        "the responder, their team manager and the stage's senior manager",
    ),
    Kind("cafcass_referral", "Cafcass referral recorded", "IRO managers and heads of service"),
    Kind("legal_advice", "Legal advice recorded", "IRO managers and heads of service"),
    Kind("systemic_issue", "Systemic issue raised", "the senior manager it was raised with"),
    Kind(
        "weekly_digest",
        "What is due this week",
        "each IRO and IRO manager, on Mondays",
        optional=True,
    ),
)

BY_KEY = {kind.key: kind for kind in KINDS}

# Which kinds each role may receive (role names as in iro.accounts.roles.Role).
ROLE_KINDS: dict[str, tuple[str, ...]] = {
    "iro": (
        "review_due_20",
        "review_due_10",
        "review_overdue",
        "convening_late",
        "care_plan_late",
        "minutes_due",
        "minutes_overdue",
        "weekly_digest",
    ),
    "iro_manager": (
        "no_iro",
        "review_overdue",
        "cafcass_referral",
        "legal_advice",
        "weekly_digest",
    ),
    "head_of_service": (
        "cafcass_referral",
        "legal_advice",
        "systemic_issue",
        "dispute_escalated",
        "dispute_response_overdue",
    ),
    "operational": (
        "recommendation_due",
        "recommendation_overdue",
        "dispute_raised",
        "dispute_escalated",
        "dispute_response_due",
        "dispute_response_overdue",
    ),
    "business_support": ("review_due_20", "convening_late", "care_plan_late"),
}
