"""`make run`: debug on, a fixed development key, the embedded SQLite database."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-key-not-for-production")  # noqa: F405
DEMO_DATA_ALLOWED = True
# Notifications and one-time codes print to the console; the demo's accounts are at example.org.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
NOTIFICATIONS_ALLOWED_DOMAINS = env_list("NOTIFICATIONS_ALLOWED_DOMAINS", "example.org")  # noqa: F405
