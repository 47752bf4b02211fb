"""gunicorn settings for production-like runs; every value can be set from the environment."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# The longest request line taken (gunicorn's own maximum); a longer one gets 414, documented
# on every API operation (api/views/base.py LIMIT_REQUEST_LINE).
limit_request_line = 8190
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
wsgi_app = "config.wsgi:application"


def post_worker_init(worker: object) -> None:
    """Once a worker has loaded the project, take what it has loaded out of the garbage
    collector's sight (`gc.freeze`).

    Those objects live as long as the worker, and every full collection would otherwise walk
    them all: at national volume that was a pause of tens of milliseconds every few requests on
    the pages that make many objects (API claim's p95 111 ms against a median of 39 ms;
    `bench/volume/pages.py`, which freezes the same way). The URL configuration is loaded
    first, so that every view module is among them.
    """
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every app's views
    gc.freeze()
