"""python manage.py api_client_create NAME --scopes care-events:write,children:read
[--expires YYYY-MM-DD] [--allow 10.0.0.0/8,...] — prints the client's token once."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from iro.api.clients import api_client_create
from iro.api.models import SCOPES


class Command(BaseCommand):
    help = "Make an API client for the council's case system and print its token (shown once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--scopes", required=True, help=f"Comma-separated: {', '.join(SCOPES)}")
        parser.add_argument(
            "--expires", help="Last day the token works, YYYY-MM-DD (default a year)"
        )
        parser.add_argument(
            "--allow", default="", help="IP ranges it may call from (CIDR, comma-separated)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        expires = None
        if options["expires"]:
            try:
                day = date.fromisoformat(options["expires"])
            except ValueError as error:
                raise CommandError("--expires must be a real date, YYYY-MM-DD") from error
            expires = timezone.make_aware(datetime.combine(day, time.max))
        try:
            client, token = api_client_create(
                acting_user=None,
                name=options["name"],
                scopes=[s.strip() for s in options["scopes"].split(",") if s.strip()],
                expires_at=expires,
                allowed_networks=options["allow"],
            )
        except ValidationError as error:
            raise CommandError(
                "; ".join(m for ms in error.message_dict.values() for m in ms)
            ) from error
        self.stdout.write(token)
        self.stderr.write(
            f"API client {client.name} made with {', '.join(client.scopes)}, working until "
            f"{timezone.localtime(client.expires_at):%-d %B %Y}. The token above is shown only now: "
            "give it to the case system's team by a secure route."
        )
