from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iro.accounts.models import User
from iro.accounts.services import ENROLMENT_CODE_LIFETIME, two_factor_reset


class Command(BaseCommand):
    help = (
        "An administrator's two-factor reset: remove a person's authenticator app and print a "
        "one-time enrolment code to give them (in person or by phone), which they enter before "
        "setting up a new app."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--by", required=True, help="The administrator doing the reset (for the audit trail)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"There is no account with the username {options['username']}")
        admin = User.objects.filter(username=options["by"], is_active=True).first()
        if admin is None or not admin.is_staff:
            raise CommandError("--by must be the username of an active administrator")
        code = two_factor_reset(acting_user=admin, user=user, issued_by=admin.username)
        minutes = int(ENROLMENT_CODE_LIFETIME.total_seconds() // 60)
        self.stdout.write(
            f"Two-factor sign-in reset for {user.username}. Enrolment code: {code} "
            f"(works once, for {minutes} minutes)."
        )
