"""python manage.py backup OUTPUT — a consistent copy of the whole database in one file.

PostgreSQL: `pg_dump --format=custom` (restore with `pg_restore --no-owner -d NEWDB OUTPUT`).
SQLite: SQLite's online backup (the copy is itself a database file). See docs/operations.md
for the schedule, retention and the tested restore."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404: runs pg_dump with an argument list, no shell
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection


class Command(BaseCommand):
    help = "Write a backup of the database to OUTPUT (pg_dump custom format, or a SQLite copy)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", help="The file to write (it must not exist yet)")

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        if output.exists():
            raise CommandError(f"{output} already exists: choose a new file for each backup")
        if not output.parent.is_dir():
            raise CommandError(f"{output.parent} is not a folder")
        if connection.vendor == "postgresql":
            self._pg_dump(output)
        elif connection.vendor == "sqlite":
            self._sqlite(output)
        else:
            raise CommandError(f"Backups of {connection.vendor} are not supported")
        self.stdout.write(f"Backed up the database to {output} ({output.stat().st_size} bytes)")

    def _pg_dump(self, output: Path) -> None:
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise CommandError("pg_dump was not found: install postgresql-client")
        db = connection.settings_dict
        env = {**os.environ}
        if db.get("PASSWORD"):
            env["PGPASSWORD"] = db["PASSWORD"]
        command = [pg_dump, "--format=custom", "--no-owner", "--file", str(output)]
        for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if db.get(key):
                command += [flag, str(db[key])]
        command.append(db["NAME"])
        completed = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603  # nosec B603
        if completed.returncode != 0:
            output.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {completed.stderr.strip()}")

    def _sqlite(self, output: Path) -> None:
        connection.ensure_connection()
        source = connection.connection
        target = sqlite3.connect(output)
        try:
            source.backup(target)
        finally:
            target.close()
