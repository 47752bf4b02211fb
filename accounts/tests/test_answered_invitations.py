"""The centre's users page lists the invitations answered in the last 30 days with their outcome
and its date, so a centre learns that one was declined instead of seeing it vanish."""

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import invitations
from accounts.models import Invitation, Membership, Role, User

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime(2026, 11, 2, 9, 0))


def _invite(admin: User, email: str, name: str) -> tuple[User, Invitation]:
    person = User.objects.create_user(email=email, full_name=f"Own {name}")
    invitation = invitations.invite(
        membership=Membership.objects.get(user=admin),
        user=person,
        email=email,
        full_name=name,
        role=Role.TUTOR,
        acting_user=admin,
    )
    return person, invitation


def _answered_rows(page: str) -> list[list[str]]:
    table = page.split("Answered invitations", 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody", 1)[1]
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', body, re.DOTALL)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in rows
    ]


def test_accepted_declined_withdrawn_and_expired_invitations_are_listed_with_the_date(
    southbank_admin: User, southbank_client: Client
) -> None:
    acting = Membership.objects.get(user=southbank_admin)
    with time_machine.travel(START - timedelta(days=50), tick=False):
        old_person, old = _invite(southbank_admin, "old@college.test", "Long Ago")
        invitations.decline_invitation(invitation_id=old.pk, acting_user=old_person)
    with time_machine.travel(START - timedelta(days=20), tick=False):
        late_person, late = _invite(southbank_admin, "late@college.test", "Too Late")
    with time_machine.travel(START, tick=False):
        yes_person, yes = _invite(southbank_admin, "yes@college.test", "Yes Typed")
        no_person, no = _invite(southbank_admin, "no@college.test", "No Typed")
        _, gone = _invite(southbank_admin, "gone@college.test", "Gone Typed")
        _invite(southbank_admin, "open@college.test", "Still Open")
    with time_machine.travel(START + timedelta(days=1), tick=False):
        invitations.accept_invitation(invitation_id=yes.pk, acting_user=yes_person)
    with time_machine.travel(START + timedelta(days=2), tick=False):
        invitations.decline_invitation(invitation_id=no.pk, acting_user=no_person)
        invitations.withdraw_invitation(
            membership=acting, invitation_id=gone.pk, acting_user=southbank_admin
        )
    with time_machine.travel(START + timedelta(days=3), tick=False):
        invitations.record_expiry(invitation_id=late.pk, acting_user=late_person)
        page = southbank_client.get(reverse("accounts:centre-users")).content.decode()

    assert _answered_rows(page) == [
        ["Too Late", "late@college.test", "Tutor/Teacher", "Expired", "05/11/2026"],
        ["Gone Typed", "gone@college.test", "Tutor/Teacher", "Withdrawn", "04/11/2026"],
        ["No Typed", "no@college.test", "Tutor/Teacher", "Declined", "04/11/2026"],
        ["Yes Typed", "yes@college.test", "Tutor/Teacher", "Accepted", "03/11/2026"],
    ]
    # The one answered more than 30 days ago is no longer listed; the open one is still Invited.
    assert "old@college.test" not in page
    invited = page.split("Answered invitations", 1)[0]
    assert "open@college.test" in invited and "Withdraw<span" in invited
    # Only what the administrator typed, never the account's own name.
    assert "Own " not in page.split("Answered invitations", 1)[1]


def test_answered_invitations_cost_one_query_however_many(
    southbank_admin: User, southbank_client: Client, django_assert_num_queries: Any
) -> None:
    for number in range(6):
        person, invitation = _invite(southbank_admin, f"p{number}@college.test", f"P {number}")
        invitations.decline_invitation(invitation_id=invitation.pk, acting_user=person)
    southbank_client.get(reverse("accounts:centre-users"))
    # 3 for every signed-in page, then the users, the open invitations and the answered ones.
    with django_assert_num_queries(6):
        response = southbank_client.get(reverse("accounts:centre-users"))
    assert response.content.decode().count(">Declined</strong>") == 6


def test_only_the_centres_own_answered_invitations_are_listed(
    southbank_admin: User, centre_admin_client: Client
) -> None:
    person, invitation = _invite(southbank_admin, "p@college.test", "Southbank Typed")
    invitations.decline_invitation(invitation_id=invitation.pk, acting_user=person)
    page = centre_admin_client.get(reverse("accounts:centre-users")).content.decode()
    assert "Answered invitations" not in page and "p@college.test" not in page
