"""python manage.py send_notifications [--dry-run] [--as-of DATE]"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from iro.notifications.services import describe, notifications_send


class Command(BaseCommand):
    help = (
        "Find everything due to be notified and send each notification once (a re-run sends "
        "nothing new); one line per notification sent, or that would be sent with --dry-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="The day to find what is due on, YYYY-MM-DD")
        parser.add_argument("--dry-run", action="store_true", help="List, send nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError as error:
            raise CommandError("--as-of must be a real date, YYYY-MM-DD") from error
        outcomes = notifications_send(
            as_of=as_of or timezone.localdate(), dry_run=options["dry_run"]
        )
        for outcome in outcomes:
            self.stdout.write(describe(outcome))
        verb = "would send" if options["dry_run"] else "sent"
        count = sum(1 for o in outcomes if o.result in {"sent", "would send"})
        self.stderr.write(f"{count} notification(s) {verb}; {len(outcomes) - count} not sent.")
