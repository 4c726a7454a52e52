"""The test suite: SQLite unless DATABASE_URL points at PostgreSQL; fast password hashing."""

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
