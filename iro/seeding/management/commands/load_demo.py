from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from iro.seeding.demo import DEMO_PASSWORD, demo_users, load_demo


class Command(BaseCommand):
    help = "Fill an empty database with a made-up IRO service (about 350 children, 6 IROs)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--as-of", type=date.fromisoformat, default=None)
        parser.add_argument("--children", type=int, default=350)
        parser.add_argument("--seed", type=int, default=2010)
        parser.add_argument(
            "--no-editions",
            action="store_true",
            help="Leave out last year's approved annual report (quicker)",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database has data"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demo data is not allowed with these settings (DEMO_DATA_ALLOWED is off, as it "
                "always is in production): it gives every account, administrators included, "
                "the same published password"
            )
        as_of = options["as_of"] or timezone.localdate()
        try:
            context = load_demo(
                as_of=as_of,
                children=options["children"],
                seed=options["seed"],
                editions=not options["no_editions"],
            )
        except ValueError as error:
            if options["if_empty"]:
                self.stdout.write("Demo data already loaded.")
                return
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Loaded {len(context.children)} children and {len(context.iros)} IROs as of {as_of}."
        )
        self.stdout.write(f"Demo sign-in (password for every account: {DEMO_PASSWORD}):")
        for username, role in demo_users():
            self.stdout.write(f"  {username:<14} {role}")
