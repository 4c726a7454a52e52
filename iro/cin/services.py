"""Importing the CIN census's section 47 and child protection plan modules, all or nothing.

`cin_import` reads the file, checks it against the register (a new child needs a date of birth;
every date after the child's birth; no plan overlapping one recorded in the product), and only
when nothing is wrong writes it in one transaction: the children not yet known, each
enquiry (matched on child and strategy discussion date), initial conference, plan (child and
start date) and review conference (child and date). Matching on those keys makes it idempotent:
the same file imported again changes nothing. Any error and nothing is written; the import's
record and report are kept either way. The stored timetable is refreshed by its one writer
(`iro.core.facts`) in the same transaction.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from iro.accounts.models import User
from iro.audit.services import audit_record
from iro.children.models import Child
from iro.conferences.models import (
    ChildProtectionPlan,
    Conference,
    Decision,
    Section47Enquiry,
    Source,
)
from iro.core import facts
from iro.core.council import working_day_calendar
from iro.timetable.dates import format_date

from .models import CinImport
from .reading import MAX_ISSUES, ChildRow, Issue, PlanRow, read_census


@dataclass
class CinOutcome:
    issues: list[Issue]
    counts: dict[str, int] = field(default_factory=dict)
    run: CinImport | None = None
    dry_run: bool = False

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def loaded(self) -> bool:
        return not self.errors and not self.dry_run


class _Refused(Exception):
    """Raised inside the transaction so that nothing it wrote stays."""


def cin_import(
    *,
    acting_user: User | None,
    content: bytes,
    file_name: str,
    dry_run: bool = False,
    origin: str = CinImport.Origin.UPLOAD,
) -> CinOutcome:
    """Check and (unless ``dry_run``, or the file has an error) import a CIN census file."""
    census = read_census(content, calendar=working_day_calendar())
    outcome = CinOutcome(issues=list(census.issues), dry_run=dry_run)
    try:
        with transaction.atomic():
            if outcome.errors:
                raise _Refused
            known = {
                c.la_child_id: c
                for c in Child.objects.filter(
                    la_child_id__in=[row.la_child_id for row in census.children]
                )
            }
            outcome.issues += _register_problems(census.children, known)
            if outcome.errors:
                raise _Refused
            outcome.counts = _write(census.children, known)
            if dry_run:
                raise _Refused
            outcome.run = _record(acting_user, content, file_name, origin, outcome)
    except _Refused:
        pass
    if outcome.errors and not dry_run:
        outcome.run = _record(acting_user, content, file_name, origin, outcome)
    return outcome


def _record(
    acting_user: User | None, content: bytes, file_name: str, origin: str, outcome: CinOutcome
) -> CinImport:
    staff = acting_user if getattr(acting_user, "is_authenticated", False) else None
    run = CinImport.objects.create(
        created_by=staff,
        origin=origin,
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        status=CinImport.Status.REFUSED if outcome.errors else CinImport.Status.LOADED,
        counts=outcome.counts,
        issues=[i.as_dict() for i in outcome.issues[:MAX_ISSUES]],
        error_count=len(outcome.errors),
        warning_count=len(outcome.warnings),
    )
    summary = (
        f"CIN census import refused: {len(outcome.errors)} errors, nothing written"
        if outcome.errors
        else f"CIN census imported: {outcome.counts.get('created', 0)} records added, "
        f"{outcome.counts.get('changed', 0)} changed"
    )
    audit_record(
        actor=acting_user or "import_cin",
        action="import",
        object_type="cin_import",
        object_id=run.pk,
        summary=summary,
        changes={"file": file_name[:255], "counts": outcome.counts},
    )
    return run


def _error(row: ChildRow, path: str, name: str, value: str, problem: str) -> Issue:
    return Issue("error", path, row.la_child_id, name, value, problem)


def _register_problems(rows: list[ChildRow], known: dict[str, Child]) -> list[Issue]:
    """What the file cannot say about the register: a new child with no date of birth, a
    date before the child's birth as the register has it, a plan overlapping one recorded in
    the product. Two queries, whatever the file's size."""
    problems: list[Issue] = []
    ids = [c.pk for c in known.values()]
    existing_plans: dict[int, list[ChildProtectionPlan]] = {}
    for recorded in ChildProtectionPlan.objects.filter(child_id__in=ids):
        existing_plans.setdefault(recorded.child_id, []).append(recorded)
    for row in rows:
        child = known.get(row.la_child_id)
        if child is None:
            if row.born is None:
                problems.append(
                    _error(
                        row,
                        f"{row.path}/ChildIdentifiers",
                        "PersonBirthDate",
                        "",
                        "Enter PersonBirthDate: the child is not in the register yet",
                    )
                )
            continue
        born = child.date_of_birth
        for enquiry in row.enquiries:
            if enquiry.started < born:
                problems.append(
                    _error(
                        row,
                        enquiry.path,
                        "S47ActualStartDate",
                        enquiry.started.isoformat(),
                        f"S47ActualStartDate must be after the child's date of birth, "
                        f"{format_date(born)}",
                    )
                )
        starts = {plan.start for plan in row.plans}
        for plan in row.plans:
            if plan.start < born:
                problems.append(
                    _error(
                        row,
                        plan.path,
                        "CPPstartDate",
                        plan.start.isoformat(),
                        f"CPPstartDate must be after the child's date of birth, "
                        f"{format_date(born)}",
                    )
                )
            for other in existing_plans.get(child.pk, []):
                if other.start_date in starts:
                    continue  # the same plan: matched on its start
                if _overlap(plan, other):
                    problems.append(
                        _error(
                            row,
                            plan.path,
                            "CPPstartDate",
                            plan.start.isoformat(),
                            "This plan overlaps the plan recorded in the product from "
                            f"{format_date(other.start_date)}",
                        )
                    )
    return problems


def _overlap(plan: PlanRow, other: ChildProtectionPlan) -> bool:
    far = date.max
    return plan.start < (other.end_date or far) and other.start_date < (plan.end or far)


def _write(rows: list[ChildRow], known: dict[str, Child]) -> dict[str, int]:
    """Write the rows, matching on their natural keys, and count what changed (a constant
    number of queries per table, plus one per row that is added or changed)."""
    tally: Counter[str] = Counter(
        dict.fromkeys(
            ("children", "enquiries", "plans", "conferences", "created", "changed", "unchanged"), 0
        )
    )
    new = [
        Child(
            la_child_id=row.la_child_id,
            date_of_birth=row.born or date.min,  # a new child's birth date is checked above
            sex=row.sex,
            upn=row.upn,
        )
        for row in rows
        if row.la_child_id not in known
    ]
    for child in new:
        child.full_clean()
    Child.objects.bulk_create(new)
    tally["created"] += len(new)
    tally["children_added"] = len(new)
    children = {
        c.la_child_id: c
        for c in Child.objects.filter(la_child_id__in=[r.la_child_id for r in rows])
    }
    ids = [c.pk for c in children.values()]
    enquiries = {
        (e.child_id, e.strategy_discussion_on): e
        for e in Section47Enquiry.objects.filter(child_id__in=ids)
    }
    plans = {
        (p.child_id, p.start_date): p for p in ChildProtectionPlan.objects.filter(child_id__in=ids)
    }
    conferences = {
        (c.child_id, c.kind, c.held_on): c for c in Conference.objects.filter(child_id__in=ids)
    }

    def upsert(
        store: dict[Any, Any], key: Any, make: Any, values: dict[str, Any], kind: str
    ) -> Any:
        found = store.get(key)
        tally[kind] += 1
        if found is None:
            found = make(**values)
            found.full_clean()
            found.save()
            store[key] = found
            tally["created"] += 1
            return found
        changed = [name for name, value in values.items() if getattr(found, name) != value]
        if changed:
            for name in changed:
                setattr(found, name, values[name])
            found.full_clean()
            found.save(update_fields=changed)
            tally["changed"] += 1
        else:
            tally["unchanged"] += 1
        return found

    for row in rows:
        child = children[row.la_child_id]
        tally["children"] += 1
        plan_starts = {p.start for p in row.plans} | {
            start for (cid, start) in plans if cid == child.pk
        }
        by_icpc: dict[date, Section47Enquiry] = {}
        for e_row in row.enquiries:
            enquiry = upsert(
                enquiries,
                (child.pk, e_row.started),
                Section47Enquiry,
                {
                    "child": child,
                    "strategy_discussion_on": e_row.started,
                    "icpc_not_required": e_row.icpc_not_required,
                }
                | ({"source": Source.CIN} if (child.pk, e_row.started) not in enquiries else {}),
                "enquiries",
            )
            if e_row.icpc_on is None:
                continue
            by_icpc[e_row.icpc_on] = enquiry
            existing = conferences.get((child.pk, Conference.Kind.INITIAL, e_row.icpc_on))
            values: dict[str, Any] = {
                "child": child,
                "kind": Conference.Kind.INITIAL,
                "enquiry": enquiry,
                "held_on": e_row.icpc_on,
            }
            if existing is None:
                values |= {
                    "source": Source.CIN,
                    "chair": enquiry.chair,
                    "decision": Decision.PLAN if e_row.icpc_on in plan_starts else Decision.NO_PLAN,
                }
            upsert(
                conferences,
                (child.pk, Conference.Kind.INITIAL, e_row.icpc_on),
                Conference,
                values,
                "conferences",
            )
        for p_row in row.plans:
            key = (child.pk, p_row.start)
            enquiry = by_icpc.get(p_row.start)
            values = {
                "child": child,
                "start_date": p_row.start,
                "end_date": p_row.end,
                "initial_category": p_row.initial_category,
                "latest_category": p_row.latest_category,
                "previous_plans": p_row.previous_plans,
            }
            if key not in plans:
                values |= {
                    "source": Source.CIN,
                    "enquiry": enquiry,
                    "chair": enquiry.chair if enquiry else None,
                }
            plan = upsert(plans, key, ChildProtectionPlan, values, "plans")
            initial = conferences.get((child.pk, Conference.Kind.INITIAL, p_row.start))
            if initial is not None and initial.plan_id != plan.pk:
                initial.plan, initial.decision = plan, Decision.PLAN
                initial.save(update_fields=["plan", "decision"])
            for held in p_row.reviews:
                r_key = (child.pk, Conference.Kind.REVIEW, held)
                values = {
                    "child": child,
                    "kind": Conference.Kind.REVIEW,
                    "plan": plan,
                    "held_on": held,
                }
                if r_key not in conferences:
                    values |= {
                        "source": Source.CIN,
                        "chair": plan.chair,
                        "decision": Decision.ENDS if held == p_row.end else Decision.CONTINUES,
                    }
                upsert(conferences, r_key, Conference, values, "conferences")
    facts.refresh(ids)
    return dict(tally)
