"""`make run`: the embedded SQLite database and a fixed development key, with debug OFF so a
newcomer sees the product's own 404 and 500 pages (static files come through WhiteNoise).
Debug is one setting away: DJANGO_DEBUG=1 make run."""

from .base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", False)  # noqa: F405
SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-key-not-for-production")  # noqa: F405
DEMO_DATA_ALLOWED = True
# Notifications and one-time codes print to the console; the demo's accounts are at example.org.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
NOTIFICATIONS_ALLOWED_DOMAINS = env_list("NOTIFICATIONS_ALLOWED_DOMAINS", "example.org")  # noqa: F405
