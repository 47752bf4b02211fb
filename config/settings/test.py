"""Settings for the test suite: fast hashing, tasks run in-process, emails kept in memory."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
# Hashing cost is not what the tests check; a fast hasher keeps the suite quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A job runs inside the test's own transaction, which a second connection cannot see: its lease
# is renewed by its progress reports instead of a thread.
JOB_LEASE_RENEW_IN_BACKGROUND = False
EMAIL_BACKEND = "notifications.backends.OutboxEmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests sign awarding-body users in without a second factor unless a test asks for it.
OTP_REQUIRED_FOR_AWARDING_BODY = False
