from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from iro.audit.models import AuditEntry
from iro.audit.verify import chain_problems


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain; name every altered, removed or reordered entry "
        "and exit non-zero if any is found. Reads only."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = list(chain_problems())
        total = AuditEntry.objects.count()
        if problems:
            for problem in problems:
                self.stderr.write(problem.message)
            raise CommandError(
                f"The audit trail has been tampered with: {len(problems)} problem(s) "
                f"in {total} entries."
            )
        self.stdout.write(f"The audit trail is intact: {total} entries checked.")
