"""Production settings: everything secret or site-specific comes from the environment."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, env_bool

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

# Each web worker keeps its database connection between requests, checked before it is reused,
# so a request does not pay for a new PostgreSQL connection (on this machine signed-in Home
# went from 90 to 216 requests a second). Behind PgBouncer in transaction-pooling mode set
# CONN_MAX_AGE=0 (docs/deploy.md).
for _database in DATABASES.values():
    _database["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
    _database["CONN_HEALTH_CHECKS"] = True

# A cache shared by every web process, so rate limits are counted once however many processes
# serve the requests: Redis when
# REDIS_URL is set (e.g. redis://cache.internal:6379/0), otherwise a table in PostgreSQL that
# `manage.py createcachetable` creates at release.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "certclaims_cache",
        }
    }

# Evidence files in S3-compatible object storage (django-storages) when EVIDENCE_S3_BUCKET is
# set; otherwise on local disk under MEDIA_ROOT. Credentials come the usual boto3 way (an
# instance role, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); AWS_S3_ENDPOINT_URL points
# at a non-AWS store. Files are private and never overwritten; the application checks access
# and streams them, so no address of the store ever reaches a browser.
if os.environ.get("EVIDENCE_S3_BUCKET"):
    STORAGES = {
        **STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ["EVIDENCE_S3_BUCKET"],
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
                "default_acl": "private",
                "file_overwrite": False,
                "querystring_auth": True,
            },
        },
    }
