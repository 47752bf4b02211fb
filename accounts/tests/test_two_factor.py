"""Two-factor authentication: setting up needs no device or a passed second factor; recovery
codes are shown once and work once; operations reset a lost device, audited and emailed."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import User
from audit.models import AuditEvent
from common.errors import Conflict, DomainError, PermissionRefused
from notifications.models import OutboxMessage
from tests.threads import at_once

from .helpers import code_for, fully_signed_in, sign_in, with_device

pytestmark = pytest.mark.django_db

REQUIRED = override_settings(OTP_REQUIRED_FOR_AWARDING_BODY=True)


def page(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


@REQUIRED
def test_a_password_only_session_cannot_set_up_another_device(ops: User) -> None:
    """The outside tester's route: password, then set-up, then a code from the new secret."""
    with_device(ops)
    client = Client()
    sign_in(client, "ops@awarding.test")
    response = client.get(reverse("accounts:two-factor-set-up"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor"))
    # No secret was handed out and none can be confirmed.
    assert not TOTPDevice.objects.filter(user=ops, confirmed=False).exists()
    assert client.post(reverse("accounts:two-factor-set-up"), {"code": "123456"})[
        "Location"
    ].startswith(reverse("accounts:two-factor"))
    for name in ("home", "results:claims-to-process", "admin:index"):
        assert client.get(reverse(name))["Location"].startswith(reverse("accounts:two-factor"))
    assert TOTPDevice.objects.filter(user=ops, confirmed=True).count() == 1


def test_a_centre_user_with_a_device_cannot_set_up_another_with_a_password(tutor: User) -> None:
    with_device(tutor)
    client = Client()
    sign_in(client, "tutor@northfield.test")
    assert client.get(reverse("accounts:two-factor-set-up"))["Location"].startswith(
        reverse("accounts:two-factor")
    )
    assert TOTPDevice.objects.filter(user=tutor).count() == 1


def test_set_up_checks_again_when_it_confirms(tutor: User) -> None:
    """A secret fetched before a device was confirmed elsewhere cannot be confirmed after."""
    early = two_factor.pending_device(user=tutor, second_factor_passed=False, device_id=None)
    with_device(tutor)
    with pytest.raises(PermissionRefused):
        two_factor.confirm_device(
            user=tutor, code=code_for(early, 1), second_factor_passed=False, device_id=early.pk
        )
    with pytest.raises(PermissionRefused):
        two_factor.pending_device(user=tutor, second_factor_passed=False, device_id=early.pk)


@REQUIRED
def test_a_session_past_the_second_factor_replaces_its_app_with_a_code_from_the_new_one(
    moderator: User, django_capture_on_commit_callbacks: object
) -> None:
    old, _ = with_device(moderator)
    client = fully_signed_in("moderator@awarding.test", old)
    set_up = page(client.get(reverse("accounts:two-factor-set-up")))
    assert "Set up a new authenticator app" in set_up
    new = TOTPDevice.objects.get(user=moderator, confirmed=False)
    wrong = client.post(reverse("accounts:two-factor-set-up"), {"code": code_for(old, 1)})
    assert "The code is not correct" in page(wrong)
    assert TOTPDevice.objects.filter(user=moderator, confirmed=True).get() == old
    client.post(reverse("accounts:two-factor-set-up"), {"code": code_for(new)})
    assert list(TOTPDevice.objects.filter(user=moderator)) == [new]
    new.refresh_from_db()
    assert new.confirmed
    assert AuditEvent.objects.filter(action="two_factor.replaced", actor=moderator).count() == 1
    notice = OutboxMessage.objects.get(key=f"two-factor-set-up:{new.pk}")
    assert notice.to == ["moderator@awarding.test"]
    assert "replaces the app you used before" in notice.body
    # The old app no longer signs in.
    with time_machine.travel(timedelta(minutes=2)):
        again = Client()
        sign_in(again, "moderator@awarding.test")
        refused = again.post(reverse("accounts:two-factor"), {"code": code_for(old)})
        assert "The code is not correct" in page(refused)


@REQUIRED
def test_recovery_codes_are_shown_once_and_must_be_acknowledged(verifier: User) -> None:
    client = Client()
    sign_in(client, "verifier@awarding.test")
    client.get(reverse("accounts:two-factor-set-up"))
    device = TOTPDevice.objects.get(user=verifier)
    response = client.post(reverse("accounts:two-factor-set-up"), {"code": code_for(device)})
    assert response["Location"] == reverse("accounts:recovery-codes")
    shown = page(client.get(reverse("accounts:recovery-codes")))
    codes = list(StaticToken.objects.filter(device__user=verifier).values_list("token", flat=True))
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT
    assert all(code in shown for code in codes)
    # Nothing else opens until the user says the codes are saved.
    assert client.get(reverse("home"))["Location"] == reverse("accounts:recovery-codes")
    unticked = client.post(reverse("accounts:recovery-codes"), {})
    assert "Confirm that you have saved your recovery codes" in page(unticked)
    assert client.post(reverse("accounts:recovery-codes"), {"saved": "on"}).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    # Never shown again.
    again = client.get(reverse("accounts:recovery-codes"), follow=True)
    assert not any(code in page(again) for code in codes)
    assert "Recovery codes left" in page(again)


@REQUIRED
def test_a_recovery_code_signs_in_once(ops: User) -> None:
    _, codes = with_device(ops)
    first = Client()
    sign_in(first, "ops@awarding.test")
    response = first.post(reverse("accounts:two-factor"), {"code": codes[0].upper()}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert f"You have {two_factor.RECOVERY_CODE_COUNT - 1} left" in page(response)
    assert first.get(reverse("results:claims-to-process")).status_code == 200
    used = AuditEvent.objects.get(action="two_factor.recovery_code_used")
    assert used.changes == {"recovery_codes_left": two_factor.RECOVERY_CODE_COUNT - 1}

    second = Client()
    sign_in(second, "ops@awarding.test")
    refused = second.post(reverse("accounts:two-factor"), {"code": codes[0]})
    assert "The code is not correct" in page(refused)
    assert second.get(reverse("home"))["Location"].startswith(reverse("accounts:two-factor"))
    # Another code still works (typed with a space, as printed in two halves).
    with time_machine.travel(timedelta(seconds=5)):
        spaced = f"{codes[1][:4]} {codes[1][4:]}"
        assert second.post(reverse("accounts:two-factor"), {"code": spaced}).status_code == 302
    assert StaticToken.objects.filter(device__user=ops).count() == 8


@REQUIRED
def test_new_recovery_codes_replace_the_old_ones(ops: User) -> None:
    device, old_codes = with_device(ops)
    client = fully_signed_in("ops@awarding.test", device)
    account = page(client.get(reverse("accounts:two-factor-account")))
    assert "Get new recovery codes" in account
    response = client.post(reverse("accounts:new-recovery-codes"))
    assert response["Location"] == reverse("accounts:recovery-codes")
    new_codes = list(StaticToken.objects.filter(device__user=ops).values_list("token", flat=True))
    assert len(new_codes) == two_factor.RECOVERY_CODE_COUNT
    assert not set(new_codes) & set(old_codes)
    assert all(code in page(client.get(reverse("accounts:recovery-codes"))) for code in new_codes)
    # The session that asked is still signed in, past the second factor.
    client.post(reverse("accounts:recovery-codes"), {"saved": "on"})
    assert client.get(reverse("results:claims-to-process")).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.recovery_codes_replaced").count() == 1
    other = Client()
    sign_in(other, "ops@awarding.test")
    assert "not correct" in page(other.post(reverse("accounts:two-factor"), {"code": old_codes[0]}))
    with time_machine.travel(timedelta(seconds=5)):  # past the throttle of one wrong code
        assert other.post(reverse("accounts:two-factor"), {"code": new_codes[0]}).status_code == 302


def test_recovery_codes_cannot_be_regenerated_with_a_password_alone(tutor: User) -> None:
    with_device(tutor)
    with pytest.raises(PermissionRefused):
        two_factor.regenerate_recovery_codes(user=tutor, second_factor_passed=False)
    client = Client()
    sign_in(client, "tutor@northfield.test")
    response = client.post(reverse("accounts:new-recovery-codes"))
    assert response["Location"].startswith(reverse("accounts:two-factor"))


@REQUIRED
def test_lost_phone_recovery_code_then_a_new_app_through_the_pages(moderator: User) -> None:
    """The first way back: a recovery code, then setting up the new phone's app."""
    old, codes = with_device(moderator)
    client = Client()
    sign_in(client, "moderator@awarding.test")
    client.post(reverse("accounts:two-factor"), {"code": codes[3]})
    client.get(reverse("accounts:two-factor-set-up"))
    new = TOTPDevice.objects.get(user=moderator, confirmed=False)
    client.post(reverse("accounts:two-factor-set-up"), {"code": code_for(new)})
    client.post(reverse("accounts:recovery-codes"), {"saved": "on"})
    assert client.get(reverse("moderation:queue")).status_code == 200
    assert list(TOTPDevice.objects.filter(user=moderator, confirmed=True)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


@REQUIRED
def test_operations_reset_a_lost_device_through_the_pages(
    ops: User, moderator: User, django_capture_on_commit_callbacks: object
) -> None:
    """The second way back: operations reset it; the user sets up again on next sign-in."""
    ops_device, _ = with_device(ops)
    with_device(moderator)
    client = fully_signed_in("ops@awarding.test", ops_device)
    found = page(client.get(reverse("accounts:operations-users"), {"q": "moderator@"}))
    assert "moderator@awarding.test" in found and "Reset two-factor" in found
    url = reverse("accounts:reset-two-factor", args=[moderator.pk])
    empty = client.post(url, {"reason": "  "})
    assert "govuk-error-summary" in page(empty)
    assert "Enter the reason for resetting two-factor authentication" in page(empty)
    assert TOTPDevice.objects.filter(user=moderator).exists()

    response = client.post(url, {"reason": "Lost phone; identity checked by call-back"})
    assert response.status_code == 302
    done = page(client.get(response["Location"]))
    assert "Two-factor authentication has been reset for moderator@awarding.test" in done
    assert not TOTPDevice.objects.filter(user=moderator).exists()
    assert not StaticDevice.objects.filter(user=moderator).exists()
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert event.actor == ops and event.object_id == str(moderator.pk)
    assert event.changes == {"reason": "Lost phone; identity checked by call-back"}
    notice = OutboxMessage.objects.get(key=f"two-factor-reset:{event.pk}")
    assert notice.to == ["moderator@awarding.test"]
    assert "reset two-factor authentication" in notice.body

    user = Client()
    sign_in(user, "moderator@awarding.test")
    assert user.get(reverse("home"))["Location"] == reverse("accounts:two-factor-set-up")
    user.get(reverse("accounts:two-factor-set-up"))
    new = TOTPDevice.objects.get(user=moderator, confirmed=False)
    user.post(reverse("accounts:two-factor-set-up"), {"code": code_for(new)})
    user.post(reverse("accounts:recovery-codes"), {"saved": "on"})
    assert user.get(reverse("moderation:queue")).status_code == 200


@REQUIRED
def test_a_reset_ends_the_second_factor_of_sessions_that_used_the_old_device(
    ops: User, tutor: User
) -> None:
    device, _ = with_device(tutor)
    client = fully_signed_in("tutor@northfield.test", device)
    assert client.get(reverse("candidates:list")).status_code == 200
    two_factor.reset_two_factor(user_id=tutor.pk, reason="Lost phone", acting_user=ops)
    # A centre user with no device needs none: the session goes on, now without one.
    assert client.get(reverse("candidates:list")).status_code == 200
    assert client.get(reverse("accounts:two-factor-account")).context["has_device"] is False


def test_only_other_members_of_operations_reset_two_factor(
    ops: User, tutor: User, centre_admin: User
) -> None:
    with_device(tutor)
    with_device(ops)
    with pytest.raises(PermissionRefused):
        two_factor.reset_two_factor(user_id=tutor.pk, reason="r", acting_user=centre_admin)
    with pytest.raises(PermissionRefused, match="ask another member"):
        two_factor.reset_two_factor(user_id=ops.pk, reason="r", acting_user=ops)
    with pytest.raises(DomainError, match="Enter the reason"):
        two_factor.reset_two_factor(user_id=tutor.pk, reason="", acting_user=ops)
    with pytest.raises(Conflict, match="has not set up"):
        two_factor.reset_two_factor(user_id=centre_admin.pk, reason="r", acting_user=ops)
    assert TOTPDevice.objects.filter(user=tutor, confirmed=True).exists()
    assert not AuditEvent.objects.filter(action="two_factor.reset").exists()


def test_the_operations_users_page_reads_a_fixed_number_of_queries(
    ops: User, django_assert_num_queries: object
) -> None:
    for number in range(12):
        with_device(User.objects.create_user(email=f"p{number}@college.test", full_name="P"))
    client = Client()
    client.force_login(ops)
    url = reverse("accounts:operations-users")
    client.get(url, {"q": "college"})
    with django_assert_num_queries(6):  # type: ignore[operator]
        response = client.get(url, {"q": "college"})
    assert page(response).count("Reset two-factor<span") == 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_recovery_code_used_twice_at_once_signs_in_once(ops: User) -> None:
    _, codes = with_device(ops)
    results = at_once(
        lambda: two_factor.check_code(user=ops, code=codes[0]),
        lambda: two_factor.check_code(user=ops, code=codes[0]),
    )
    assert sum(isinstance(r, StaticDevice) for r in results) == 1
    assert sum(isinstance(r, DomainError) for r in results) == 1
