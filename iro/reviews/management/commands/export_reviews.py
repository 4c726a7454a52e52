from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Prefetch

from iro.audit.services import audit_record
from iro.core import tabular
from iro.core.council import review_timescales, working_day_calendar
from iro.reviews.models import Convening, Invitee, Review
from iro.timetable import reviews as rules
from iro.timetable.calendar import WorkingDayCalendar

COLUMNS = [
    "child_id",
    "review_date",
    "status",
    "status_reason",
    "review_number",
    "due_date",
    "in_timescale",
    "participation_code",
    "chair",
    "attended",
    "other_attendees",
    "parents_not_invited",
    "advocate_offered",
    "advocate_involved",
    "independent_visitor_discussed",
    "permanence_plan_agreed",
    "convening_request_received",
    "convening_request_in_time",
    "care_plan_received",
    "care_plan_in_time",
    "recommendations",
    "recommendations_due",
    "recommendations_issued",
    "recommendations_issued_in_time",
    "minutes_written_due",
    "minutes_written",
    "minutes_written_in_time",
    "minutes_distributed_due",
    "minutes_distributed",
    "minutes_distributed_in_time",
    "brought_forward_reason",
    "source",
]


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _in_time(due: date | None, done: date | None, as_of: date, calendar: Any) -> str:
    """yes: done by the due date; no: done late, or not done and past due; blank: not yet due
    or no due date."""
    if due is None:
        return ""
    status = rules.deadline_status(due, as_of, done, calendar=calendar)
    return {"done_in_time": "yes", "done_late": "no", "overdue": "no"}.get(status, "")


def review_rows(
    start: date, end: date, *, as_of: date, calendar: WorkingDayCalendar | None = None
) -> list[dict[str, Any]]:
    """One row per review (held, cancelled or adjourned) dated from ``start`` to ``end``."""
    calendar = calendar or working_day_calendar()
    timescales = review_timescales()
    queryset = (
        Review.objects.filter(held_on__gte=start, held_on__lte=end)
        .select_related("child", "chair")
        .prefetch_related(
            Prefetch(
                "convening",
                queryset=Convening.objects.prefetch_related(
                    Prefetch("invitees", queryset=Invitee.objects.order_by("pk"))
                ),
            )
        )
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("held_on", "child__la_child_id", "pk")
    )
    rows = []
    for review in queryset.iterator(chunk_size=2000):
        convening = getattr(review, "convening", None)
        invitees = list(convening.invitees.all()) if convening else []
        held = review.status == Review.Status.HELD
        request_due = (
            convening.convening_request_due
            if convening
            else rules.convening_request_due(
                review.held_on, calendar=calendar, timescales=timescales
            )
        )
        reports = rules.reports_due(review.held_on, calendar=calendar, timescales=timescales)
        request_received = convening.convening_request_received_on if convening else None
        rows.append(
            {
                "child_id": review.child.la_child_id,
                "review_date": _iso(review.held_on),
                "status": review.status,
                "status_reason": review.status_reason,
                "review_number": review.number or "",
                "due_date": _iso(review.due_date),
                "in_timescale": _yes_no(review.in_timescale),
                "participation_code": review.participation_code,
                "chair": review.chair.name if review.chair else "",
                "attended": "; ".join(
                    f"{i.name} ({i.get_role_display().lower()})" for i in invitees if i.attended
                ),
                "other_attendees": " ".join(review.other_attendees.split()),
                "parents_not_invited": "; ".join(
                    f"{i.name}: {i.not_invited_reason}" for i in invitees if not i.invited
                ),
                "advocate_offered": _yes_no(review.advocate_offered),
                "advocate_involved": _yes_no(review.advocate_involved),
                "independent_visitor_discussed": _yes_no(review.independent_visitor_discussed),
                "permanence_plan_agreed": _yes_no(review.permanence_plan_agreed),
                "convening_request_received": _iso(request_received),
                "convening_request_in_time": (
                    _in_time(request_due, request_received, review.held_on, calendar)
                    if convening
                    else ""
                ),
                "care_plan_received": _iso(review.care_plan_received_on),
                "care_plan_in_time": _in_time(
                    reports, review.care_plan_received_on, review.held_on, calendar
                )
                if held
                else "",
                "recommendations": review.recommendation_count,
                "recommendations_due": _iso(review.recommendations_due),
                "recommendations_issued": _iso(review.recommendations_issued_on),
                "recommendations_issued_in_time": _in_time(
                    review.recommendations_due, review.recommendations_issued_on, as_of, calendar
                ),
                "minutes_written_due": _iso(review.minutes_written_due),
                "minutes_written": _iso(review.minutes_written_on),
                "minutes_written_in_time": _in_time(
                    review.minutes_written_due, review.minutes_written_on, as_of, calendar
                ),
                "minutes_distributed_due": _iso(review.minutes_distributed_due),
                "minutes_distributed": _iso(review.minutes_distributed_on),
                "minutes_distributed_in_time": _in_time(
                    review.minutes_distributed_due, review.minutes_distributed_on, as_of, calendar
                ),
                "brought_forward_reason": review.brought_forward_reason,
                "source": review.source,
            }
        )
    return rows


class Command(BaseCommand):
    help = "Export reviews dated in a period, one row each, with their timeliness flags."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--from", dest="start", type=date.fromisoformat, required=True)
        parser.add_argument("--to", dest="end", type=date.fromisoformat, required=True)
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="Judge deadlines not yet met on this date (default: today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.utils import timezone

        start, end = options["start"], options["end"]
        if end < start:
            raise CommandError("--to must be the same as or after --from")
        rows = review_rows(start, end, as_of=options["as_of"] or timezone.localdate())
        audit_record(
            actor="export_reviews",
            action="export",
            object_type="review",
            summary=f"Exported {len(rows)} reviews dated {start} to {end}",
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, indent=2))
            return
        tabular.write_csv(self.stdout, COLUMNS, rows)  # type: ignore[arg-type]
