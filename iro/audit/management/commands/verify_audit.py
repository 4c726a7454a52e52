from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iro.audit.models import AuditEntry
from iro.audit.verify import chain_problems


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain; name every altered, removed or reordered entry "
        "and exit non-zero if any is found. Reads only. Prints the newest entry's hash: keep it "
        "somewhere else (a log, a ticket) and pass it back with --expect-head to prove that no "
        "entries have been cut from the end since."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-head",
            metavar="HASH",
            help="A hash printed by an earlier run: it must still be in the trail",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = [problem.message for problem in chain_problems()]
        expected = options.get("expect_head")
        if expected and not AuditEntry.objects.filter(entry_hash=expected).exists():
            problems.append(
                f"The entry with hash {expected} recorded earlier is missing: entries have been "
                "removed from the end of the trail."
            )
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
