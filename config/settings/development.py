"""`make run`: the embedded SQLite database and a fixed development key, with debug OFF so a
newcomer sees the product's own 404 and 500 pages (static files come through WhiteNoise).
Debug is one setting away: DJANGO_DEBUG=1 make run."""

from .base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", False)  # noqa: F405
SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-key-not-for-production")  # noqa: F405
