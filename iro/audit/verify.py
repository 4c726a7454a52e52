"""Checking the audit chain: each entry's hash covers its content and the previous entry's hash,
so an altered, removed or reordered entry breaks the chain at a place we can name."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .models import AuditEntry, AuditHead
from .services import entry_digest


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int
    kind: str  # "altered", "removed", "reordered"
    message: str


def chain_problems(chunk_size: int = 2000) -> Iterator[ChainProblem]:
    """Walk the trail in id order (streamed, constant memory) and yield every break."""
    previous: AuditEntry | None = None
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=chunk_size):
        if entry_digest(entry) != entry.entry_hash:
            yield ChainProblem(
                entry.pk,
                "altered",
                f"Entry {entry.pk} has been altered: its content no longer matches its hash.",
            )
        expected = previous.entry_hash if previous is not None else ""
        if entry.previous_hash != expected:
            yield _link_problem(entry, previous)
        previous = entry


def _link_problem(entry: AuditEntry, previous: AuditEntry | None) -> ChainProblem:
    after = f"entry {previous.pk}" if previous is not None else "the start of the trail"
    if entry.previous_hash:
        earlier = (
            AuditEntry.objects.filter(entry_hash=entry.previous_hash)
            .values_list("pk", flat=True)
            .first()
        )
        if earlier is not None:
            return ChainProblem(
                entry.pk,
                "reordered",
                f"Entry {entry.pk} is out of order: it was written after entry {earlier}, "
                f"but now follows {after}.",
            )
    gap = ""
    if previous is not None and entry.pk - previous.pk > 1:
        missing = range(previous.pk + 1, entry.pk)
        gap = f" (missing: {', '.join(str(n) for n in list(missing)[:20])})"
    return ChainProblem(
        entry.pk,
        "removed",
        f"The chain is broken before entry {entry.pk}: an entry between {after} and entry "
        f"{entry.pk} has been removed{gap}, or {after} has been altered and re-hashed.",
    )


def head_problems() -> list[str]:
    """Compare the trail with its head row (kept outside the entries table, moved on by every
    write): entries cut from the end, or edited and re-hashed, no longer match it."""
    head = AuditHead.objects.filter(pk=1).first()
    newest = AuditEntry.objects.order_by("-id").first()
    if head is None:
        return [] if newest is None else ["The audit trail's head record is missing."]
    problems = []
    named = AuditEntry.objects.filter(pk=head.entry_id).first()
    if named is None:
        problems.append(
            f"The newest entry the head records (entry {head.entry_id}) is missing: entries "
            "have been removed from the end of the trail."
        )
    elif named.entry_hash != head.entry_hash:
        problems.append(
            f"Entry {head.entry_id} no longer has the hash the head records: it has been "
            "altered and the chain re-hashed."
        )
    elif newest is not None and newest.pk != head.entry_id:
        problems.append(
            f"Entries after entry {head.entry_id} (the head) were written without moving it."
        )
    total = AuditEntry.objects.count()
    if total != head.entries:
        problems.append(
            f"The trail holds {total} entries but the head records {head.entries}: entries "
            "have been removed or added outside the application."
        )
    return problems


def published_head_problem(line: str) -> str:
    """Check the trail against a head published earlier (a line written by verify_audit)."""
    fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
    try:
        entry_id, entry_hash = int(fields["entry"]), fields["hash"]
    except (KeyError, ValueError):
        return f"The published head cannot be read: {line.strip()[:100]}"
    if not AuditEntry.objects.filter(pk=entry_id, entry_hash=entry_hash).exists():
        return (
            f"The head published earlier (entry {entry_id}, hash {entry_hash}) is not in the "
            "trail: entries have been removed from the end, or altered and re-hashed, since."
        )
    return ""


def head_line() -> str:
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        return ""
    return (
        f"{head.updated_at.isoformat()} entry={head.entry_id} hash={head.entry_hash} "
        f"entries={head.entries}"
    )
