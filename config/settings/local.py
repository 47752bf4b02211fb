"""Settings for a developer's machine (`make dev`, and `manage.py` unless told otherwise): debug
pages, demo-friendly defaults."""

import os
from datetime import timedelta

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "local-development-only-not-secret")
# The demo's awarding-body accounts sign in with the published password alone, so a newcomer can
# walk every journey; production requires two-factor authentication for them.
OTP_REQUIRED_FOR_AWARDING_BODY = env_bool("OTP_REQUIRED_FOR_AWARDING_BODY", False)
# The demo world publishes results at once so the whole journey can be walked in one sitting.
RESULTS_DELAY = timedelta(hours=float(os.environ.get("RESULTS_DELAY_HOURS", "0")))
