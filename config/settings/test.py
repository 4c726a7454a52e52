"""The test suite: SQLite unless DATABASE_URL points at PostgreSQL; fast password hashing."""

import hashlib
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105  # nosec B105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in prod
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
NOTIFICATIONS_ALLOWED_DOMAINS = ["example.org"]
DEMO_DATA_ALLOWED = True

# SQLite tests use a file, not memory, as production does: the browser tests' live server answers
# each request in a thread with a connection of its own (WAL, busy timeout, IMMEDIATE from base).
# An in-memory database would be one connection shared by every thread, which SQLite does not
# make safe: concurrent requests on it failed or hung. pytest-django adds each worker's suffix.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _checkout = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:8]  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"iro-test-{_checkout}.sqlite3")
    }

# Prepared and keyed queries (iro.core.prepared) are also compiled the ordinary way and compared
# (the first calls of each statement, then one in so many): the cached SQL cannot drift from its
# queryset unnoticed.
IRO_PREPARED_VERIFY = True
