"""A session that has given only its password reaches the page that asks for the second factor,
and signing out, and nothing else: every URL of the project, the Django admin and the API
included, with production's rule that the awarding body's users need a second factor.

The URLs come from the URL configuration, as in tests/test_access_matrix.py: a new URL is
checked here as soon as it exists (a name this file cannot fill in fails the test).
"""

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.tests.helpers import sign_in, with_device
from tests.test_access_matrix import CASES, World, build_world, snapshot

pytestmark = pytest.mark.django_db

# Paths no URL name gives: the admin's catch-all and an object's bare admin URL, and a page that
# does not exist at all.
UNNAMED = ["/admin/accounts/user/1/", "/admin/no-such-page/", "/no-such-page/"]


def named_patterns() -> dict[str, set[str]]:
    """Every named URL of the project, as "namespace:name", with the parameters it takes."""
    found: dict[str, set[str]] = {}

    def walk(patterns: list[Any], prefix: str, params: set[str]) -> None:
        for pattern in patterns:
            groups = params | set(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                namespace = pattern.namespace
                walk(pattern.url_patterns, f"{prefix}{namespace}:" if namespace else prefix, groups)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found[f"{prefix}{pattern.name}"] = groups

    walk(get_resolver().url_patterns, "", set())
    return found


def every_url(world: World) -> list[str]:
    """A concrete URL for every named pattern: the access matrix's objects for the product's
    pages, and an existing object or app for the admin's and the API's."""
    values: dict[str, Any] = {
        "object_id": "1",
        "pk": "1",
        "id": "1",
        "content_type_id": "1",
        "app_label": "accounts",
        "number": world.candidate.number,
        "code": "03991",
        "claim_id": world.submitted.pk,
        "review_id": "1",
    }
    urls, unfilled = [], []
    for name, params in sorted(named_patterns().items()):
        if name in CASES:
            kwargs = CASES[name][0](world)
        elif params <= values.keys():
            kwargs = {param: values[param] for param in params}
        else:
            unfilled.append(name)
            continue
        urls.append(reverse(name, kwargs=kwargs))
    assert not unfilled, f"Give these URL names values to be checked with: {unfilled}"
    assert any(u.startswith("/admin/") for u in urls) and any(u.startswith("/api/") for u in urls)
    return urls + UNNAMED


def refusals(client: Client, urls: list[str], allowed: dict[str, set[int]], to: str) -> list[str]:
    """Each URL asked for by GET and POST: anything but a redirect to `to`, where not allowed."""
    wrong = []
    for url in urls:
        for method in ("get", "post"):
            if url == reverse("accounts:sign-out") and method == "post":
                continue  # it would end the session under test; it is checked on its own
            response = getattr(client, method)(url, {"confirm": "yes", "reason": "r"})
            if response.status_code in allowed.get(url, set()):
                continue
            location = response.get("Location", "")
            if response.status_code != 302 or not location.startswith(to):
                wrong.append(f"{method.upper()} {url}: {response.status_code} {location}")
    return wrong


@override_settings(OTP_REQUIRED_FOR_AWARDING_BODY=True)
@pytest.mark.parametrize("email", ["ops@awarding.test", "tutor@northfield.test"])
def test_a_password_only_session_with_a_device_reaches_only_the_code_page_and_sign_out(
    email: str,
) -> None:
    world = build_world()
    user = User.objects.get(email=email)
    with_device(user)
    client = Client()
    sign_in(client, email)
    before = snapshot()
    code_page = reverse("accounts:two-factor")
    # The code page itself: shown (GET), and a POST without a code is bad input (400).
    allowed = {code_page: {200, 400}, reverse("accounts:sign-out"): {405}}
    wrong = refusals(client, every_url(world), allowed, to=f"{code_page}?next=")
    assert not wrong, "\n".join(wrong)
    # Set-up is one of the refused pages: no secret was handed out, nothing changed.
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert snapshot() == before
    assert client.post(reverse("accounts:sign-out"))["Location"] == reverse("accounts:sign-in")


@override_settings(OTP_REQUIRED_FOR_AWARDING_BODY=True)
def test_a_password_only_session_that_must_set_up_reaches_only_set_up_and_sign_out() -> None:
    world = build_world()
    client = Client()
    sign_in(client, "moderator@awarding.test")
    set_up = reverse("accounts:two-factor-set-up")
    allowed = {set_up: {200, 400}, reverse("accounts:sign-out"): {405}}
    wrong = refusals(client, every_url(world), allowed, to=set_up)
    assert not wrong, "\n".join(wrong)


@override_settings(OTP_REQUIRED_FOR_AWARDING_BODY=True)
def test_the_admin_has_no_way_in_but_the_products_sign_in_and_second_factor(ops: User) -> None:
    device, _ = with_device(ops)
    anonymous = Client()
    response = anonymous.get(reverse("admin:login"))
    assert response["Location"].startswith(f"{reverse('accounts:sign-in')}?next=")
    # The admin's own sign-in form is never offered, so a password sent to it signs no one in.
    posted = anonymous.post(
        reverse("admin:login"), {"username": "ops@awarding.test", "password": "claims-demo-2026"}
    )
    assert posted.status_code == 302
    assert "_auth_user_id" not in anonymous.session

    client = Client()
    sign_in(client, "ops@awarding.test")
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("accounts:two-factor"))
    from accounts.tests.helpers import code_for

    client.post(reverse("accounts:two-factor"), {"code": code_for(device, 1)})
    assert client.get(reverse("admin:index")).status_code == 200


@override_settings(OTP_REQUIRED_FOR_AWARDING_BODY=True)
def test_the_admin_refuses_a_session_that_has_not_passed_the_second_factor(ops: User) -> None:
    """Behind the middleware, the admin checks for itself: staff need the second factor."""
    from django.test import RequestFactory

    from accounts.admin_site import SecondFactorAdminSite

    request = RequestFactory().get("/admin/")
    ops.otp_device = None  # type: ignore[attr-defined]
    ops.is_verified = lambda: False  # type: ignore[attr-defined]
    request.user = ops
    assert not SecondFactorAdminSite().has_permission(request)
    device, _ = with_device(ops)
    ops.otp_device = device  # type: ignore[attr-defined]
    ops.is_verified = lambda: True  # type: ignore[attr-defined]
    assert SecondFactorAdminSite().has_permission(request)
