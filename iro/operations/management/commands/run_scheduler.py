"""python manage.py run_scheduler [--once] — enqueue scheduled jobs on their cadence.

Run one per app server if you like: each slot is enqueued once between them."""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iro.operations.services import prune_finished, scheduler_tick

logger = logging.getLogger("iro.operations.scheduler")


class Command(BaseCommand):
    help = "Enqueue the scheduled jobs (heartbeat, derived facts, retention review) when due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="One pass, then stop")
        parser.add_argument(
            "--interval", type=float, default=20.0, help="Seconds between passes (default 20)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        if not options["once"]:
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda *_: stop.set())
        passes = 0
        while not stop.is_set():
            for name in scheduler_tick():
                logger.info("scheduled job enqueued", extra={"job": name})
                if options["verbosity"] > 1 or options["once"]:
                    self.stdout.write(f"enqueued {name}")
            passes += 1
            if passes % 180 == 1:
                prune_finished()
            if options["once"]:
                break
            stop.wait(options["interval"])
