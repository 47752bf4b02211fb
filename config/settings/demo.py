"""Settings for `make run`, the demo: the demo-friendly defaults of `local.py` (no second factor
for the awarding body's demo accounts, results published at once), served as production serves
the product: no debug pages (a wrong address answers the product's own 404 page, not a list of
every URL pattern), static files from the application, and a quiet console."""

import os

from .base import LOGGING as _BASE_LOGGING
from .local import *  # noqa: F403
from .served_static import MIDDLEWARE, STORAGES  # noqa: F401

DEBUG = False
# Static files under the names that carry their hash, from the manifest as in production, but not
# compressed ahead: compressing every file (the API documentation's scripts are most of 40 MB)
# costs a minute at every start, and saves nothing over this machine's loopback.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

# The console shows warnings and errors only: no line per request or per background task, but
# every server error with its traceback. LOG_LEVEL=INFO shows everything again.
LOGGING = {
    **_BASE_LOGGING,
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "level": os.environ.get("LOG_LEVEL", "WARNING"),
        }
    },
    "loggers": {
        **_BASE_LOGGING["loggers"],
        # A 404 or 403 is an answer, not a fault of the server: only 5xx are logged.
        "django.request": {"level": "ERROR"},
    },
}
