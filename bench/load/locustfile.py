"""The busy end of term: tutors at many centres building and submitting claims, and the
examiner-moderator loading the queue. Run by `make load` (bin/load) against gunicorn.

With LOAD_HOSTS (comma-separated base URLs, e.g. two gunicorn instances) each user keeps one
of them, in turn, and the figures of each host are written to LOAD_HOST_REPORT (JSON) at the end.
"""

import itertools
import json
import os
import re
import statistics
import time
from http.cookiejar import DefaultCookiePolicy
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "claims-demo-2026")
TUTORS = int(os.environ.get("LOAD_TUTORS", "20"))
CANDIDATES = int(os.environ.get("LOAD_CANDIDATES", "30"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="([^"]*)"')
ASSESSOR = re.compile(r'name="unit-1-assessor"[^>]*>.*?<option value="(\d+)"', re.S)
CLAIM = re.compile(r"/claims/(\d+)/")
_next_tutor = itertools.count(1)
HOSTS = [h for h in os.environ.get("LOAD_HOSTS", "").split(",") if h]
_next_host = itertools.count()
#: host -> [(start time, response time in ms, failed)]
_by_host: dict[str, list[tuple[float, float, bool]]] = {}


@events.request.add_listener
def _count_by_host(
    response_time: float, url: str = "", exception: object = None, **_: object
) -> None:
    host = urlsplit(url).netloc
    _by_host.setdefault(host, []).append((time.time(), response_time, exception is not None))


@events.quitting.add_listener
def _report_by_host(**_: object) -> None:
    path = os.environ.get("LOAD_HOST_REPORT")
    if not path:
        return
    figures = {}
    for host, rows in _by_host.items():
        times = sorted(r[1] for r in rows)
        seconds = max(rows[-1][0] - rows[0][0], 1e-9)
        figures[host] = {
            "requests": len(rows),
            "errors": sum(1 for r in rows if r[2]),
            "requests_per_second": len(rows) / seconds,
            "p50_ms": statistics.median(times),
            "p95_ms": times[min(len(times) - 1, round(0.95 * len(times)) - 1)],
        }
    with open(path, "w") as report:
        json.dump(figures, report)


# The production settings mark cookies Secure; on loopback, send them over plain HTTP as a
# browser does for http://127.0.0.1 (a potentially trustworthy origin). requests builds a new
# cookie jar for every request, so the policy is changed for this load-generating process.
DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True  # type: ignore[method-assign]


class SignedIn(HttpUser):
    abstract = True
    email = ""

    def use_next_host(self) -> None:
        if HOSTS:
            self.client.base_url = HOSTS[next(_next_host) % len(HOSTS)]

    def sign_in(self) -> None:
        self.use_next_host()
        page = self.client.get("/sign-in/", name="sign in page")
        token = CSRF.search(page.text)
        self.client.post(
            "/sign-in/",
            {
                "username": self.email,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="sign in",
        )

    def csrf(self, html: str) -> str:
        token = CSRF.search(html)
        return token.group(1) if token else ""


class Tutor(SignedIn):
    """One tutor per centre: claims never collide, as at real centres."""

    weight = 19
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        index = (next(_next_tutor) - 1) % TUTORS + 1
        self.email = f"tutor{index:02d}@load.test"
        self.centre = index
        self.next_candidate = 0
        self.sign_in()

    def candidate_number(self) -> str:
        n = self.next_candidate % CANDIDATES
        self.next_candidate += 1
        return f"8{self.centre:03d}{n:04d}"

    @task
    def build_and_submit(self) -> None:
        make_claim = self.client.get("/claims/", name="make claim")
        created = self.client.post(
            "/claims/create/03991/",
            {"csrfmiddlewaretoken": self.csrf(make_claim.text)},
            name="create claim",
        )
        found = CLAIM.search(created.url or "")
        if not found:
            return
        claim = found.group(1)
        for _ in range(2):
            number = self.candidate_number()
            url = f"/claims/{claim}/candidates/{number}/"
            page = self.client.get(url, name="candidate claim page")
            version = VERSION.search(page.text)
            assessor = ASSESSOR.search(page.text)
            data = {
                "csrfmiddlewaretoken": self.csrf(page.text),
                "version": version.group(1) if version else "",
            }
            for unit in range(1, 3):
                data[f"unit-{unit}-claiming"] = "claiming"
                data[f"unit-{unit}-assessor"] = assessor.group(1) if assessor else ""
            self.client.post(url, data, name="save candidate claim")
        view = self.client.get(f"/claims/{claim}/", name="view claim")
        # "Submit claim", then "Yes, submit to assessor" on the confirmation page.
        details = {
            "csrfmiddlewaretoken": self.csrf(view.text),
            "submitter_email": self.email,
            "declaration": "on",
        }
        confirm = self.client.post(f"/claims/{claim}/submit/", details, name="submit claim")
        with self.client.post(
            f"/claims/{claim}/submit/",
            {**details, "csrfmiddlewaretoken": self.csrf(confirm.text), "confirmed": "yes"},
            name="confirm submission",
            catch_response=True,
        ) as submitted:
            if not submitted.url or not submitted.url.endswith("/submitted/"):
                submitted.failure("The claim was not submitted")


class Moderator(SignedIn):
    weight = 1
    wait_time = between(1, 3)
    email = "moderator@awarding.test"

    def on_start(self) -> None:
        self.sign_in()

    @task
    def queue(self) -> None:
        self.client.get("/moderation/", name="moderation queue")
