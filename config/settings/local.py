"""Settings for `make run` on a developer's machine: debug on, demo-friendly defaults."""

import os
from datetime import timedelta

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "local-development-only-not-secret")
# The demo world publishes results at once so the whole journey can be walked in one sitting.
RESULTS_DELAY = timedelta(hours=float(os.environ.get("RESULTS_DELAY_HOURS", "0")))
