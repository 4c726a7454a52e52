from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from iro.audit.models import AuditEntry
from iro.audit.verify import chain_problems, head_line, head_problems, published_head_problem

log = logging.getLogger("iro.audit.head")


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain and its head record; name every altered, removed "
        "or reordered entry and exit non-zero if any is found. Compares the trail with the head "
        "last published to AUDIT_HEAD_FILE (and any --expect-head), then, when intact, publishes "
        "the current head there and to the iro.audit.head log, so entries cut from the end or "
        "re-hashed since are caught next time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-head",
            metavar="HASH",
            help="A hash printed by an earlier run: it must still be in the trail",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = [problem.message for problem in chain_problems()]
        problems += head_problems()
        expected = options.get("expect_head")
        if expected and not AuditEntry.objects.filter(entry_hash=expected).exists():
            problems.append(
                f"The entry with hash {expected} recorded earlier is missing: entries have been "
                "removed from the end of the trail."
            )
        published = Path(settings.AUDIT_HEAD_FILE) if settings.AUDIT_HEAD_FILE else None
        if published is not None and published.exists():
            lines = [line for line in published.read_text().splitlines() if line.strip()]
            if lines and (problem := published_head_problem(lines[-1])):
                problems.append(problem)
        total = AuditEntry.objects.count()
        if problems:
            for message in problems:
                self.stderr.write(message)
            raise CommandError(
                f"The audit trail has been tampered with: {len(problems)} problem(s) "
                f"in {total} entries."
            )
        head = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        self.stdout.write(f"The audit trail is intact: {total} entries checked.")
        if head:
            self.stdout.write(f"Newest entry's hash: {head}")
        if line := head_line():
            log.info("Audit head published: %s", line)
            if published is not None:
                with published.open("a") as out:
                    out.write(line + "\n")
                self.stdout.write(f"Head published to {published}")
