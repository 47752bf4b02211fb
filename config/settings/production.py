"""Production settings: everything secret or site-specific comes from the environment."""

import os

from .base import *  # noqa: F403
from .base import env_bool

# Static files are served by the application itself (WhiteNoise).
from .served_static import MIDDLEWARE, STORAGES  # noqa: F401

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# A cache shared by every web process, so per-token API rate limits are counted once however
# many processes serve the requests. `manage.py createcachetable` creates it at release.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "certclaims_cache",
    }
}
