"""Writes of the annual report: its editions (produce, cover, approve) and its comparators.

Each service runs in one transaction, validates before it saves, raises ValidationError with
GOV.UK wording, and writes its audit entry in the same transaction.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from iro.accounts.models import User
from iro.audit.services import audit_record, field_changes, snapshot

from .annual_report import Cover, EditionMark, Report, build_report
from .arithmetic import financial_year, financial_year_containing
from .frozen import fingerprint, report_content, report_from_content
from .models import AnnualReportEdition, Comparator
from .report_documents import render_docx, render_pdf, render_xlsx
from .scorecard import measures_for, reporting_period

Edition = AnnualReportEdition
FORMATS = ("pdf", "docx", "xlsx")
# Counts that are averages or per-FTE figures, so not whole numbers.
DECIMAL_COUNTS = {"caseload_per_fte", "children_looked_after_monthly_average"}


def _person(user: Any) -> str:
    if not getattr(user, "is_authenticated", False):
        return ""
    return user.get_full_name() or user.get_username()


def _user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def year_has_ended(year: int, today: date | None = None) -> bool:
    return not reporting_period(financial_year(year), today).to_date


# --- Editions ---------------------------------------------------------------------------------


@transaction.atomic
def edition_produce(*, acting_user: User | None, year: int, reason: str = "") -> Edition:
    """A new draft edition of the year. While an approved edition stands, the new one needs a
    reason (it will supersede that one when approved)."""
    editions = Edition.objects.select_for_update().filter(year=year)
    if editions.filter(status=Edition.Status.DRAFT).exists():
        raise ValidationError("There is already a draft edition of this year: change that one")
    replaces = editions.filter(status=Edition.Status.APPROVED).exists()
    if replaces and not reason.strip():
        raise ValidationError(
            {"reason": "Enter why a new edition is needed, as it will replace the approved one"}
        )
    number = (editions.aggregate(n=Max("number"))["n"] or 0) + 1
    edition = Edition(
        year=year,
        number=number,
        author=_person(acting_user) or "IRO manager",
        report_date=timezone.localdate(),
        reason=reason.strip(),
        created_by=_user(acting_user),
    )
    edition.full_clean()
    edition.save()
    audit_record(
        actor=acting_user,
        action="create",
        object_type="annual_report_edition",
        object_id=edition.pk,
        summary=f"Annual report {year} edition {number} drafted"
        + (f": {edition.reason[:200]}" if edition.reason else ""),
    )
    return edition


COVER_FIELDS = ("author", "report_date", "audience", "reason")


def edition_cover(edition: Edition) -> dict[str, Any]:
    return {name: getattr(edition, name) for name in COVER_FIELDS}


@transaction.atomic
def edition_update_cover(*, acting_user: User | None, edition: Edition, **values: Any) -> Edition:
    """Change a draft's cover: author, date and audience (and the reason for a new edition)."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.frozen:
        raise ValidationError("This edition is approved, so its cover cannot change")
    before = edition_cover(edition)
    for name in COVER_FIELDS:
        if name in values:
            setattr(edition, name, values[name])
    replaces = Edition.objects.filter(year=edition.year, status=Edition.Status.APPROVED).exists()
    if replaces and not (edition.reason or "").strip():
        raise ValidationError(
            {"reason": "Enter why a new edition is needed, as it will replace the approved one"}
        )
    edition.full_clean()
    edition.save()
    audit_record(
        actor=acting_user,
        action="update",
        object_type="annual_report_edition",
        object_id=edition.pk,
        summary=f"Annual report {edition.year} edition {edition.number} cover changed",
        changes=field_changes(before, edition_cover(edition)),
    )
    return edition


def _cover(edition: Edition) -> Cover:
    return Cover(edition.author, edition.report_date, edition.audience)


def _mark(edition: Edition, print_: str) -> EditionMark:
    return EditionMark(
        edition.number,
        edition.get_status_display(),
        print_,
        _person(edition.approved_by) if edition.approved_by_id else "",
        edition.approved_at,
    )


def edition_report(edition: Edition) -> Report:
    """The edition's report: frozen content once approved, else the records as they stand."""
    if edition.frozen:
        report = report_from_content(edition.content)
        report.edition = _mark(edition, edition.fingerprint)
        return report
    report = build_report(edition.year, cover=_cover(edition))
    report.edition = _mark(edition, fingerprint(report_content(report)))
    return report


def live_report(year: int) -> Report:
    """The year's figures as they stand, when no edition has been produced."""
    report = build_report(year)
    report.edition = EditionMark(None, "Draft", fingerprint(report_content(report)))
    return report


RENDERERS = {"pdf": render_pdf, "docx": render_docx, "xlsx": render_xlsx}


def edition_document(edition: Edition, fmt: str) -> bytes:
    """The document of the edition: the bytes stored when it was approved, else rendered now."""
    if edition.frozen:
        return bytes(getattr(edition, fmt))
    return RENDERERS[fmt](edition_report(edition))


@transaction.atomic
def edition_approve(*, acting_user: User | None, edition: Edition) -> Edition:
    """Approve a draft: freeze its content (sections without narrative left out), fingerprint
    it, store its three documents, and mark the edition it replaces as superseded."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.frozen:
        raise ValidationError("This edition has already been approved")
    if not year_has_ended(edition.year):
        raise ValidationError(
            f"You cannot approve the report for {edition.year} to {edition.year + 1} until the "
            f"year has ended on 31 March {edition.year + 1}: it can only be a draft to date"
        )
    built = build_report(edition.year, cover=_cover(edition))
    content = report_content(built, leave_out_unwritten=True)
    if not content["sections"]:
        raise ValidationError(
            "Write the narrative of at least one section before approving: sections with no "
            "narrative are left out of an approved edition"
        )
    now = timezone.now()
    replaced = list(
        Edition.objects.select_for_update().filter(
            year=edition.year, status=Edition.Status.APPROVED
        )
    )
    edition.content = content
    edition.fingerprint = fingerprint(content)
    edition.status = Edition.Status.APPROVED
    edition.approved_by = _user(acting_user)
    edition.approved_at = now
    frozen = report_from_content(content)
    frozen.edition = _mark(edition, edition.fingerprint)
    for fmt, render in RENDERERS.items():
        setattr(edition, fmt, render(frozen))
    edition.full_clean()
    edition.save()
    for old in replaced:
        old.status = Edition.Status.SUPERSEDED
        old.superseded_by = edition
        old.superseded_at = now
        old.save(update_fields=["status", "superseded_by", "superseded_at"])
        audit_record(
            actor=acting_user,
            action="update",
            object_type="annual_report_edition",
            object_id=old.pk,
            summary=f"Annual report {old.year} edition {old.number} superseded by edition "
            f"{edition.number}: {edition.reason[:150]}",
            changes={"status": ["approved", "superseded"]},
        )
    audit_record(
        actor=acting_user,
        action="update",
        object_type="annual_report_edition",
        object_id=edition.pk,
        summary=f"Annual report {edition.year} edition {edition.number} approved, "
        f"fingerprint {edition.fingerprint}",
        changes={"status": ["draft", "approved"], "fingerprint": ["", edition.fingerprint]},
    )
    return edition


def edition_for_document(
    *, acting_user: User | None, year: int, number: int | None = None
) -> Edition:
    """The edition asked for; else the latest approved; else the draft, produced if need be."""
    editions = Edition.objects.filter(year=year).select_related("approved_by")
    if number is not None:
        found = editions.filter(number=number).first()
        if found is None:
            raise ValidationError(f"There is no edition {number} of the {year} report")
        return found
    approved = editions.filter(status=Edition.Status.APPROVED).first()
    if approved:
        return approved
    draft = editions.filter(status=Edition.Status.DRAFT).first()
    return draft or edition_produce(acting_user=acting_user, year=year)


# --- Comparators ------------------------------------------------------------------------------


def measure_choices(year: int) -> list[tuple[str, str]]:
    period = reporting_period(financial_year(min(year, financial_year_now())))
    return [(m.key, m.label) for m in measures_for(period)]


def financial_year_now() -> int:
    return financial_year_containing(timezone.localdate())


def comparator_check(measure_key: str, value: Decimal, year: int) -> None:
    """A rate's comparator is a percentage from 0 to 100; a count's a whole number (an average
    or per-FTE figure may have a decimal)."""
    period = reporting_period(financial_year(min(year, financial_year_now())))
    measure = next((m for m in measures_for(period) if m.key == measure_key), None)
    if measure is None:
        raise ValidationError({"measure_key": "Select a measure from the list"})
    if value < 0:
        raise ValidationError({"value": "The figure must be 0 or more"})
    if measure.kind == "rate" and value > 100:
        raise ValidationError({"value": "A percentage must be between 0 and 100"})
    if measure.kind != "rate" and measure_key not in DECIMAL_COUNTS and value != int(value):
        raise ValidationError({"value": "A count must be a whole number, like 42"})


COMPARATOR_FIELDS = ("measure_key", "year", "group", "value", "source", "source_date")


@transaction.atomic
def comparator_save(
    *, acting_user: User | None, comparator: Comparator | None = None, **values: Any
) -> Comparator:
    """Add a comparator, or change one (values as the form gives them)."""
    if comparator is None:
        comparator = Comparator()
        before: dict[str, Any] = {}
    else:
        comparator = Comparator.objects.select_for_update().get(pk=comparator.pk)
        before = snapshot(comparator, COMPARATOR_FIELDS)
    for name in COMPARATOR_FIELDS:
        setattr(comparator, name, values[name])
    comparator.source = (comparator.source or "").strip()
    comparator_check(comparator.measure_key, Decimal(comparator.value), comparator.year)
    clash = Comparator.objects.filter(
        measure_key=comparator.measure_key, year=comparator.year, group=comparator.group
    ).exclude(pk=comparator.pk)
    if clash.exists():
        raise ValidationError(
            {"group": "There is already a figure for this comparator, measure and year: change it"}
        )
    comparator.updated_by = _user(acting_user)
    comparator.full_clean()
    created = comparator.pk is None
    comparator.save()
    audit_record(
        actor=acting_user,
        action="create" if created else "update",
        object_type="comparator",
        object_id=comparator.pk,
        summary=f"Comparator {comparator.get_group_display()} {comparator.measure_key} "
        f"{comparator.year} {'added' if created else 'changed'}",
        changes=field_changes(before, snapshot(comparator, COMPARATOR_FIELDS)),
    )
    return comparator


@transaction.atomic
def comparator_delete(*, acting_user: User | None, comparator: Comparator) -> None:
    before = snapshot(comparator, COMPARATOR_FIELDS)
    pk = comparator.pk
    comparator.delete()
    audit_record(
        actor=acting_user,
        action="delete",
        object_type="comparator",
        object_id=pk,
        summary=f"Comparator {before['group']} {before['measure_key']} {before['year']} deleted",
        changes={k: [v, None] for k, v in before.items()},
    )
