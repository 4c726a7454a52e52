"""Globals and filters for the Jinja2 pages, and the bridge from Django forms to GOV.UK macros."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.utils import timezone
from markupsafe import Markup, escape

from iro.timetable.dates import format_date

from .council import council_settings
from .forms import GovukDateWidget


def govuk_date(value: date | datetime | None, empty: str = "") -> str:
    """27 March 2025 — the GOV.UK style for dates."""
    if value is None or value == "":
        return empty
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{format_date(value)} at {value:%H:%M}"
    return format_date(value)


def govuk_date_short(value: date | None, empty: str = "") -> str:
    if value is None:
        return empty
    return f"{value.day} {value:%b %Y}"


# The one mapping from a status to its words and tag colour, used by every template
# (`status_tag`): the same status reads and looks the same on every page. Colours: red for
# what is late or wrong, orange or yellow for what needs attention soon, blue for in progress,
# green for done, grey for what no longer applies.
TAG_COLOURS = {
    "overdue": ("Overdue", "govuk-tag--red"),
    "follow_up_due": ("Follow-up due", "govuk-tag--red"),
    "due_soon": ("Due soon", "govuk-tag--yellow"),
    "on_track": ("On track", "govuk-tag--green"),
    "worker_running": ("Running", "govuk-tag--green"),
    "worker_stopped": ("Stopped", "govuk-tag--red"),
    "no_iro": ("No IRO", "govuk-tag--purple"),
    "done": ("Done", "govuk-tag--green"),
    "done_in_time": ("Done in time", "govuk-tag--green"),
    "done_late": ("Done late", "govuk-tag--orange"),
    "not_due": ("Not due", "govuk-tag--grey"),
    "ceased": ("Left care", "govuk-tag--grey"),
    "in_timescale": ("In timescale", "govuk-tag--green"),
    "late": ("Late", "govuk-tag--red"),
    "unknown": ("Not known", "govuk-tag--grey"),
    # Disputes, systemic issues, complaints
    "awaiting_response": ("Awaiting response", "govuk-tag--blue"),
    "response_received": ("Response received", "govuk-tag--green"),
    "response_overdue": ("Response overdue", "govuk-tag--red"),
    "responded": ("Responded", "govuk-tag--green"),
    "resolved": ("Resolved", "govuk-tag--green"),
    "withdrawn": ("Withdrawn", "govuk-tag--grey"),
    "past_formal_deadline": ("Past 20 working days", "govuk-tag--red"),
    "meeting_due": ("Meeting due", "govuk-tag--orange"),
    # Reviews and letters
    "not_invited": ("Not invited", "govuk-tag--orange"),
    "finalised": ("Finalised", "govuk-tag--green"),
    "draft": ("Draft", "govuk-tag--yellow"),
    "approved": ("Approved", "govuk-tag--green"),
    "superseded": ("Superseded", "govuk-tag--grey"),
    "no_problems": ("No problems found", "govuk-tag--green"),
    "prompts_left": ("Prompts left", "govuk-tag--red"),
    "recommendations_missing": ("Recommendations missing", "govuk-tag--red"),
    "hard_to_read": ("Hard to read", "govuk-tag--red"),
    "to_send": ("To send", "govuk-tag--yellow"),
    "received": ("Received", "govuk-tag--green"),
    # Records and people
    "restricted": ("Restricted record", "govuk-tag--grey"),
    "left": ("Left", "govuk-tag--grey"),
    "leaving": ("Leaving", "govuk-tag--yellow"),
    "starting": ("Starting", "govuk-tag--blue"),
    # Quality: dip-sample ratings and the oversight standard
    "good": ("Good", "govuk-tag--green"),
    "requires_improvement": ("Requires improvement", "govuk-tag--yellow"),
    "inadequate": ("Inadequate", "govuk-tag--red"),
    "not_rated": ("Not rated", "govuk-tag--grey"),
    "standard_met": ("Standard met", "govuk-tag--green"),
    "standard_on_track": ("On track", "govuk-tag--green"),
    "standard_below": ("Below standard", "govuk-tag--red"),
    "drift": ("Drift", "govuk-tag--orange"),
    # Caseloads against the band
    "band_above": ("Above band", "govuk-tag--red"),
    "band_within": ("Within band", "govuk-tag--green"),
    "band_below": ("Below band", "govuk-tag--blue"),
    "band_no_fte": ("No FTE", "govuk-tag--grey"),
    # 903 imports
    "import_checking": ("Checking", "govuk-tag--blue"),
    "import_invalid": ("Invalid", "govuk-tag--red"),
    "import_ready": ("Ready to load", "govuk-tag--yellow"),
    "import_queued": ("Queued", "govuk-tag--blue"),
    "import_loading": ("Loading", "govuk-tag--blue"),
    "import_loaded": ("Loaded", "govuk-tag--green"),
    "import_failed": ("Failed", "govuk-tag--red"),
    "import_cancelled": ("Cancelled", "govuk-tag--grey"),
    "error": ("Error", "govuk-tag--red"),
    "warning": ("Warning", "govuk-tag--yellow"),
    # Voice: advocacy, independent visitors, consultation
    "waiting": ("Waiting", "govuk-tag--yellow"),
    "supported": ("Supported", "govuk-tag--green"),
    "ended": ("Ended", "govuk-tag--grey"),
    "matched": ("Matched", "govuk-tag--green"),
    "wanted": ("Wanted, not referred", "govuk-tag--blue"),
    "not_wanted": ("Not wanted", "govuk-tag--grey"),
    "counts": ("Consulted", "govuk-tag--green"),
    "not_possible": ("Not possible", "govuk-tag--orange"),
    # Foster households and supervision orders (issue 24).
    "not_approved": ("Approval ended", "govuk-tag--grey"),
    "awaiting_first_review": ("First review due", "govuk-tag--yellow"),
    "first_review_overdue": ("First review overdue", "govuk-tag--red"),
    "first_review_held": ("First review held", "govuk-tag--green"),
    "order_ended": ("Order ended", "govuk-tag--grey"),
}


def status_tag(status: str, text: str | None = None) -> Markup:
    label, colour = TAG_COLOURS.get(status, (status.replace("_", " ").capitalize(), ""))
    # escape() on each part is what Markup.format does, without its formatter's cost (a
    # schedule page draws a tag for every row).
    html = f'<strong class="govuk-tag {escape(colour)}">{escape(text or label)}</strong>'
    return Markup(html)  # noqa: S704  # nosec B704 - both parts escaped just above


def messages_for(request: HttpRequest) -> list[Any]:
    return list(get_messages(request))


def _error_message(field: forms.BoundField) -> dict[str, str] | None:
    if not field.errors:
        return None
    return {"text": str(field.errors[0])}


def field_params(field: forms.BoundField, **overrides: Any) -> dict[str, Any]:
    """Map a bound Django form field to the GOV.UK macro parameters and the macro to call."""
    widget = field.field.widget
    label_text = str(field.label)
    hint = {"text": str(field.help_text)} if field.help_text else None
    error = _error_message(field)
    params: dict[str, Any] = {"id": field.id_for_label or field.auto_id, "name": field.html_name}
    if isinstance(widget, GovukDateWidget):
        values = field.value() if field.form.is_bound else None
        parts = widget.parts_for(field.value())
        if isinstance(values, list):
            parts = dict(zip(("day", "month", "year"), [v or "" for v in values], strict=False))
        params = {
            "id": field.auto_id,
            "fieldset": {"legend": {"text": label_text, "classes": "govuk-fieldset__legend--s"}},
            "hint": hint,
            "errorMessage": error,
            "items": [
                {
                    "id": f"{field.auto_id}_{part}",
                    "name": f"{field.html_name}_{part}",
                    "label": part.capitalize(),
                    "value": parts.get(part, ""),
                    "classes": (
                        "govuk-input--width-4" if part == "year" else "govuk-input--width-2"
                    )
                    + (" govuk-input--error" if error else ""),
                    "inputmode": "numeric",
                }
                for part in ("day", "month", "year")
            ],
            "macro": "date",
        }
    elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        current = field.value()
        chosen = {str(v) for v in (current if isinstance(current, list | tuple) else [current])}
        params.update(
            {
                "idPrefix": field.auto_id,
                "fieldset": {
                    "legend": {"text": label_text, "classes": "govuk-fieldset__legend--s"}
                },
                "hint": hint,
                "errorMessage": error,
                "items": [
                    {"value": value, "text": str(text), "checked": str(value) in chosen}
                    for value, text in field.field.choices  # type: ignore[attr-defined]
                    if str(value) != ""
                ],
                # CheckboxSelectMultiple is a RadioSelect subclass in Django: test it first, or
                # a select-all-that-apply question renders as radios and keeps only one answer.
                "macro": "checkboxes"
                if isinstance(widget, forms.CheckboxSelectMultiple)
                else "radios",
            }
        )
    elif isinstance(widget, forms.CheckboxInput):
        params.update(
            {
                "idPrefix": field.auto_id,
                "hint": hint,
                "errorMessage": error,
                "items": [
                    {
                        "value": "on",
                        "text": label_text,
                        "checked": bool(field.value()),
                        "id": field.auto_id,
                    }
                ],
                "classes": "govuk-checkboxes--small",
                "macro": "checkbox",
            }
        )
    elif isinstance(widget, forms.Select):
        current = "" if field.value() is None else str(field.value())
        params.update(
            {
                "label": {"text": label_text},
                "hint": hint,
                "errorMessage": error,
                "items": [
                    {"value": value, "text": str(text), "selected": str(value) == current}
                    for value, text in field.field.choices  # type: ignore[attr-defined]
                ],
                "macro": "select",
            }
        )
    elif isinstance(widget, forms.Textarea):
        params.update(
            {
                "label": {"text": label_text},
                "hint": hint,
                "errorMessage": error,
                "value": field.value() or "",
                "rows": widget.attrs.get("rows", 5),
                "macro": "textarea",
            }
        )
    elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        params.update(
            {
                "label": {"text": label_text},
                "hint": hint,
                "errorMessage": error,
                "attributes": {"multiple": True} if widget.attrs.get("multiple") else {},
                "macro": "file",
            }
        )
    else:
        value = field.value()
        if isinstance(widget, forms.PasswordInput) and not widget.render_value:
            value = None  # a password typed into a failed sign-in is never sent back
        params.update(
            {
                "label": {"text": label_text},
                "hint": hint,
                "errorMessage": error,
                "value": "" if value is None else value,
                "type": getattr(widget, "input_type", "text"),
                "classes": widget.attrs.get("class", ""),
                "autocomplete": widget.attrs.get("autocomplete"),
                "spellcheck": False if getattr(widget, "input_type", "") == "email" else None,
                "macro": "input",
            }
        )
        if getattr(widget, "input_type", "") == "number":
            params["type"] = "text"
            params["inputmode"] = "decimal"
    params.update(overrides)
    return params


def error_summary_items(form: forms.BaseForm) -> list[dict[str, str]]:
    """Error summary links in the order of the fields, non-field errors first."""
    items = [{"text": str(e)} for e in form.non_field_errors()]
    for name, bound in ((n, form[n]) for n in form.fields):
        if bound.errors:
            # A date's summary link goes to its first box, as the Design System asks.
            is_date = isinstance(bound.field.widget, GovukDateWidget)
            target = f"{bound.auto_id}_day" if is_date else bound.auto_id
            items.append({"text": str(bound.errors[0]), "href": f"#{target}"})
        del name
    return items


def query_string(request: HttpRequest, **changes: Any) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


def indent(s: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    """Jinja's `indent`, line for line the same output, joined as plain text and marked safe
    once. The GOV.UK macros indent every component's HTML; Jinja's own filter builds each
    line as Markup, and on the child's page that was a tenth of the time to draw it."""
    indention = width if isinstance(width, str) else " " * width
    text = str(s) + "\n"  # Jinja's quirk: a trailing newline before splitting
    if blank:
        out = ("\n" + indention).join(text.splitlines())
    else:
        lines = text.splitlines()
        out = lines.pop(0)
        if lines:
            out += "\n" + "\n".join(indention + line if line else line for line in lines)
    if first:
        out = indention + out
    # Markup in, Markup out: its lines and the indention were already safe to join.
    return Markup(out) if isinstance(s, Markup) else out  # noqa: S704  # nosec B704 - input was Markup


GLOBALS: dict[str, Any] = {
    "council": council_settings,
    "status_tag": status_tag,
    "messages_for": messages_for,
    "field_params": field_params,
    "error_summary_items": error_summary_items,
    "query_string": query_string,
    "today": lambda: timezone.localdate(),
}
FILTERS: dict[str, Any] = {
    "govuk_date": govuk_date,
    "govuk_date_short": govuk_date_short,
    "escape": escape,
    "indent": indent,
}
