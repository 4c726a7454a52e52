"""Checking the audit chain: each entry's hash covers its content and the previous entry's hash,
so an altered, removed or reordered entry breaks the chain at a place we can name."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .models import AuditEntry
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
