"""python manage.py child_link CHILD_ID — a new link and code for a child's own page (for the
IRO service's own use in tests and support; the IRO normally makes it on the child's record)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from iro.childpage.services import child_link_create
from iro.children.models import Child


class Command(BaseCommand):
    help = "Print a new link and code for a child's own page (earlier links stop)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("child_id", help="The child's CHILD ID")

    def handle(self, *args: Any, **options: Any) -> None:
        child = Child.objects.filter(la_child_id=options["child_id"]).first()
        if child is None:
            raise CommandError(f"No child {options['child_id']} is on the register")
        try:
            _link, token, code = child_link_create(acting_user=None, child=child)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        base = settings.NOTIFICATIONS_BASE_URL.rstrip("/")
        self.stdout.write(f"{base}{reverse('childpage:enter', args=[token])}")
        self.stdout.write(f"code: {code}")
