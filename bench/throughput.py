"""Benchmark throughput under gunicorn on loopback: requests per second as a ratio to /healthz.

One run starts gunicorn with the production settings (``config/gunicorn.py``, two workers for
the two cores of the development machine) on a private SQLite file (or the run's PostgreSQL
database) holding the demo world, a
claim of 30 candidates x 10 units and 1,000 earlier claims. A small load generator (threads,
``http.client``, a new connection per request as gunicorn's sync workers close each one) then
asks for each page for a fixed time, bounded in requests too, as the signed-in tutor:

- ``/healthz``, the minimal page (the floor), without the session cookie;
- Home, the lightest signed-in page, to show what signing in itself costs;
- the candidate claim page of one candidate on the claim;
- View claim history.

Everything stays on 127.0.0.1; gunicorn is stopped at the end whatever happens.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# Running the file directly puts bench/ on sys.path, not the project root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import ROOT, draft_claim, settle, setup_django, signed_in_client
from bench.common import database_url as run_database_url
from bench.tables import objects

SECONDS = 6.0
MAX_REQUESTS = 5_000
THREADS = 4
WORKERS = 2
HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str, cookie: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Host": HOST})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _rate(port: int, path: str, cookie: str) -> float:
    """Requests per second with THREADS clients for SECONDS (or MAX_REQUESTS requests)."""
    for _ in range(5):  # warm-up: every worker loads the page's code and templates
        if (status := _get(port, path, cookie)) != 200:
            raise AssertionError(f"{path} answered {status}")
    done = [0]
    failed = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + SECONDS

    def client() -> None:
        while time.perf_counter() < deadline:
            with lock:
                if done[0] >= MAX_REQUESTS:
                    return
            status = _get(port, path, cookie)
            with lock:
                done[0] += 1
                failed[0] += status != 200

    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    if failed[0]:
        raise AssertionError(f"{path}: {failed[0]} of {done[0]} requests failed")
    return done[0] / seconds


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            if _get(port, "/healthz", "") == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 s")


def run() -> dict[str, float]:
    """Requests per second of each page, each beside /healthz's in the same run."""
    from bench.history import _claims

    with tempfile.TemporaryDirectory() as folder:
        # gunicorn must see the same database: a SQLite file, or the run's PostgreSQL database.
        database_url = run_database_url(f"sqlite:///{folder}/bench.sqlite3")
        setup_django(database_url)
        from django.conf import settings

        claim = draft_claim(30, 10)
        _claims(1_000)
        settle()
        number = objects("candidate").filter(number__startswith="8").order_by("number")[0].number
        client = signed_in_client()
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        port = _free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": database_url,
            # The session was signed in by this process, under the test settings' key.
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "false",
            "PORT": str(port),
            "HOST": HOST,
            "WEB_CONCURRENCY": str(WORKERS),
            "GUNICORN_ACCESS_LOG": "/dev/null",
            "LOG_LEVEL": "WARNING",
        }
        python = sys.executable
        # The production settings serve hashed static files from STATIC_ROOT.
        for command in (["createcachetable"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run(  # noqa: S603 - this project's own manage.py
                [python, "manage.py", *command], cwd=ROOT, env=env, check=True
            )
        server = subprocess.Popen(  # noqa: S603 - this project's own gunicorn settings
            [str(Path(python).parent / "gunicorn"), "-c", "config/gunicorn.py"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(port, server)
            pages = {
                # Home is the lightest signed-in page: session, user, memberships, menu.
                "signed_in_home_rps": "/",
                "candidate_claim_rps": f"/claims/{claim.pk}/candidates/{number}/",
                "history_rps": "/claims/history/",
            }
            figures: dict[str, float] = {}
            for name, path in pages.items():
                figures[name] = _rate(port, path, cookie)
                # The floor is measured right after each page, so both see the same load. It is
                # asked without the session cookie, so it is the least a request can cost.
                figures[f"{name}_floor"] = _rate(port, "/healthz", "")
        finally:
            server.terminate()
            server.wait(timeout=30)
    return figures


if __name__ == "__main__":
    print(run())
