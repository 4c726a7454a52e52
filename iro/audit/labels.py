"""How the audit trail's page names a record: "Dispute DR-2026-0042", "Child D00140", never a
database id. The apps that own the records register a labeller (in their AppConfig.ready), so
the audit app knows no higher app's models."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

# object_type -> function from the object ids on a page to their labels (one query each).
Labeller = Callable[[list[str]], dict[str, str]]
_LABELLERS: dict[str, Labeller] = {}


def register(object_type: str, labeller: Labeller) -> None:
    _LABELLERS[object_type] = labeller


def in_words(object_type: str) -> str:
    """ "systemic_issue" or "reviews.review" as "Systemic issue" / "Review"."""
    return object_type.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def record_labels(entries: Iterable[object]) -> dict[tuple[str, str], str]:
    """(object_type, object_id) -> label for every entry with a registered labeller."""
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        object_type = getattr(entry, "object_type", "")
        object_id = getattr(entry, "object_id", "")
        if object_id and object_type in _LABELLERS:
            wanted.setdefault(object_type, set()).add(str(object_id))
    labels: dict[tuple[str, str], str] = {}
    for object_type, ids in wanted.items():
        numeric = sorted(i for i in ids if i.isdigit())
        for object_id, label in _LABELLERS[object_type](numeric).items():
            labels[(object_type, str(object_id))] = label
    return labels


_SLASHED = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")


def dates_in_words(text: str) -> str:
    """Older summaries wrote dates as 15/05/2026; the page reads "15 May 2026"."""

    def word(match: re.Match[str]) -> str:
        day, month, year = (int(part) for part in match.groups())
        try:
            value = date(year, month, day)
        except ValueError:
            return match.group(0)
        return f"{value.day} {value:%B %Y}"

    return _SLASHED.sub(word, text)


_VERBS = {
    "create": "added",
    "update": "changed",
    "delete": "deleted",
    "view": "viewed",
    "export": "exported",
    "import": "imported",
}
REFUSED = "Refused: "  # iro.accounts.access.refusal_summary writes refusals this way


def what_happened(entry: object, record: str) -> str:
    """One sentence in the user's words: "Priya Shah was refused: raising a dispute",
    "Priya Shah changed dispute DR-2026-0042: Escalated from informal to stage 1"."""
    who = getattr(entry, "actor_label", "")
    who = "The system" if who in {"", "system"} else who
    action = getattr(entry, "action", "")
    summary = dates_in_words(getattr(entry, "summary", "") or "")
    if action == "denied":
        if summary.startswith(REFUSED):
            return f"{who} was refused: {summary[len(REFUSED) :]}"
        return f"{who} was refused a page they may not use"
    verb = _VERBS.get(action)
    if verb is None:  # signing in and out: the summary says it
        return f"{who}: {summary}" if summary else who
    thing = record[:1].lower() + record[1:] if record and not record[:2].isupper() else record
    sentence = f"{who} {verb} {thing}" if thing else f"{who} {verb} a record"
    return f"{sentence}: {summary}" if summary else sentence


def change_name(field_name: str) -> str:
    """ "minutes_written_on" as "Minutes written on"."""
    return field_name.replace("_", " ").capitalize()
