"""The limit on `/verify/` look-ups per client address.

DRF's `SimpleRateThrottle`, which already limits the API: a sliding window of request times per
key in Django's cache, the client address read as the API reads it (`NUM_PROXIES`), and the wait
until the next request is allowed. Each rate of `VERIFY_RATE_LIMITS` ("10/min", "60/day") is one
window; a look-up must pass them all. Only look-ups count (a POST), not opening the page.
"""

from django.conf import settings
from django.http import HttpRequest
from rest_framework.throttling import SimpleRateThrottle


class VerifyThrottle(SimpleRateThrottle):
    scope = "verify"

    def __init__(self, rate: str) -> None:
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)

    def get_cache_key(self, request: HttpRequest, view: object) -> str:
        ident = self.get_ident(request)  # type: ignore[arg-type]
        return self.cache_format % {"scope": f"verify-{self.duration}", "ident": ident}


def wait_before_look_up(request: HttpRequest) -> int:
    """0 when this look-up is allowed (and counted), else the seconds to wait."""
    waits = []
    for rate in settings.VERIFY_RATE_LIMITS:
        throttle = VerifyThrottle(rate)
        if not throttle.allow_request(request, None):  # type: ignore[arg-type]
            waits.append(int(throttle.wait() or 1))
    return max(waits, default=0)
