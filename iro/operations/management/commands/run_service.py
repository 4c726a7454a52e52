"""python manage.py run_service [--addr 127.0.0.1:8000] — the web server, the background worker
and the scheduler together, for `make run`. One Ctrl-C stops all three."""

from __future__ import annotations

import signal
import subprocess  # nosec B404: starts this product's own manage.py commands, no shell
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the pages, run the background worker and the scheduler until Ctrl-C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000", help="Address and port to serve")

    def handle(self, *args: Any, **options: Any) -> None:
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        commands = {
            "web": [sys.executable, manage, "runserver", options["addr"], "--noreload"],
            "worker": [sys.executable, manage, "db_worker", "--interval", "1"],
            "scheduler": [sys.executable, manage, "run_scheduler"],
        }
        processes = {
            name: subprocess.Popen(command)  # noqa: S603  # nosec B603
            for name, command in commands.items()
        }
        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                ended = [name for name, process in processes.items() if process.poll() is not None]
                if ended:
                    self.stderr.write(f"{', '.join(ended)} stopped: stopping the others.")
                    break
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.send_signal(signal.SIGINT)
            deadline = time.monotonic() + 10
            for process in processes.values():
                try:
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()
        self.stdout.write("Stopped the web server, the worker and the scheduler.")
