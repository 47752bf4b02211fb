"""Two-factor rules across sessions of one account: a session that got in with a password alone
is asked again as soon as a device or a requirement appears, and every set-up session has a
secret of its own."""

import base64
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import Centre, ModeratorAssignment, User, VerifierAssignment
from accounts.tests.helpers import code_for, sign_in
from catalogue.models import Qualification

pytestmark = pytest.mark.django_db

REQUIRED = override_settings(OTP_REQUIRED_FOR_AWARDING_BODY=True)


def _secret(client: Client) -> str:
    response = client.get(reverse("accounts:two-factor-set-up"))
    assert response.status_code == 200
    return str(response.context["secret"])


def _device_with(user: User, secret: str) -> TOTPDevice:
    """The pending device whose secret the set-up page showed."""
    padded = secret + "=" * (-len(secret) % 8)
    key = base64.b32decode(padded).hex()
    return TOTPDevice.objects.get(user=user, confirmed=False, key=key)


def _set_up_through_the_pages(client: Client, user: User) -> None:
    device = _device_with(user, _secret(client))
    response = client.post(reverse("accounts:two-factor-set-up"), {"code": code_for(device)})
    assert response["Location"] == reverse("accounts:recovery-codes")
    client.post(reverse("accounts:recovery-codes"), {"saved": "on"})


def test_a_device_set_up_in_another_session_asks_the_password_only_session_at_once(
    tutor: User,
) -> None:
    tokens = reverse("api-tokens:list")
    password_only = Client()
    sign_in(password_only, "tutor@northfield.test")
    assert password_only.get(tokens).status_code == 200
    assert password_only.get(reverse("candidates:list")).status_code == 200

    other = Client()
    sign_in(other, "tutor@northfield.test")
    _set_up_through_the_pages(other, tutor)
    assert other.get(tokens).status_code == 200

    for url in (tokens, reverse("candidates:list"), reverse("home")):
        response = password_only.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse('accounts:two-factor')}?next=")


def test_new_recovery_codes_or_a_reset_elsewhere_are_noticed_too(tutor: User, ops: User) -> None:
    """Every change of devices moves the stamp, so no session keeps an answer from before."""
    setter = Client()
    sign_in(setter, "tutor@northfield.test")
    _set_up_through_the_pages(setter, tutor)
    password_only = Client()
    sign_in(password_only, "tutor@northfield.test")
    assert password_only.get(reverse("home")).status_code == 302
    stamp = User.objects.get(pk=tutor.pk).two_factor_stamp
    setter.post(reverse("accounts:new-recovery-codes"))
    assert User.objects.get(pk=tutor.pk).two_factor_stamp == stamp + 1
    two_factor.reset_two_factor(user_id=tutor.pk, reason="Lost phone", acting_user=ops)
    assert User.objects.get(pk=tutor.pk).two_factor_stamp == stamp + 2
    # No device any more, and a centre user needs none: the session opens pages again.
    assert password_only.get(reverse("home")).status_code == 200


@REQUIRED
@pytest.mark.parametrize("becomes", ["operations", "moderator", "verifier"])
def test_a_password_only_session_must_set_up_once_its_user_joins_the_awarding_body(
    staff: User, becomes: str
) -> None:
    client = Client()
    sign_in(client, "staff@northfield.test")
    assert client.get(reverse("home")).status_code == 200

    centre = Centre.objects.get(number="12345")
    qualification = Qualification.objects.get(code="05203")
    if becomes == "operations":
        User.objects.filter(pk=staff.pk).update(is_operations=True)
    elif becomes == "moderator":
        ModeratorAssignment.objects.create(
            moderator=staff, centre=centre, qualification=qualification
        )
    else:
        VerifierAssignment.objects.create(
            verifier=staff, centre=centre, qualification=qualification
        )

    for name in ("home", "accounts:outbox", "accounts:operations-users", "api-tokens:list"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"] == reverse("accounts:two-factor-set-up")


@REQUIRED
def test_asking_again_on_every_request_costs_ordinary_pages_no_query_of_its_own(
    tutor: User,
) -> None:
    client = Client()
    sign_in(client, "tutor@northfield.test")
    client.get(reverse("candidates:list"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("candidates:list")).status_code == 200
    sql = [query["sql"] for query in queries.captured_queries]
    assert not [q for q in sql if "otp_" in q], "the device answer is remembered"
    # The assignments are read once, for the menu and the rule alike.
    assert len([q for q in sql if "accounts_moderatorassignment" in q]) == 1


def test_every_set_up_session_is_shown_a_secret_of_its_own(tutor: User) -> None:
    first, second = Client(), Client()
    sign_in(first, "tutor@northfield.test")
    sign_in(second, "tutor@northfield.test")
    first_secret, second_secret = _secret(first), _secret(second)
    assert first_secret != second_secret
    # Reloading the page keeps the session's own secret.
    assert _secret(first) == first_secret

    # A code from the first session's secret does not confirm the second session's set-up.
    first_device = _device_with(tutor, first_secret)
    refused = second.post(reverse("accounts:two-factor-set-up"), {"code": code_for(first_device)})
    assert refused.status_code == 400
    assert two_factor.WRONG_CODE in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=tutor, confirmed=True).exists()

    second_device = _device_with(tutor, second_secret)
    done = second.post(reverse("accounts:two-factor-set-up"), {"code": code_for(second_device)})
    assert done["Location"] == reverse("accounts:recovery-codes")
    # The other session's secret is gone with its pending device, and it must give a code now.
    assert list(TOTPDevice.objects.filter(user=tutor)) == [second_device]
    late = first.post(reverse("accounts:two-factor-set-up"), {"code": code_for(first_device)})
    assert late["Location"].startswith(reverse("accounts:two-factor"))
    assert list(TOTPDevice.objects.filter(user=tutor)) == [second_device]


def test_a_secret_left_unconfirmed_expires(tutor: User) -> None:
    client = Client()
    sign_in(client, "tutor@northfield.test")
    secret = _secret(client)
    device = _device_with(tutor, secret)
    with time_machine.travel(two_factor.PENDING_DEVICE_LIFETIME - timedelta(minutes=1)):
        assert _secret(client) == secret  # still this session's, and the session kept alive
    with time_machine.travel(two_factor.PENDING_DEVICE_LIFETIME + timedelta(minutes=1)):
        response = client.post(reverse("accounts:two-factor-set-up"), {"code": code_for(device)})
        assert response.status_code == 400
        assert two_factor.SET_UP_EXPIRED in response.content.decode()
        assert response.context["secret"] != secret
        assert not TOTPDevice.objects.filter(pk=device.pk).exists()
        assert not TOTPDevice.objects.filter(user=tutor, confirmed=True).exists()
