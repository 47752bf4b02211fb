"""Adding an address that already has an account invites that person: nothing changes for them
until they accept, signed in as that address. Awarding-body staff are never given a centre role.
Invitations expire, can be withdrawn, and every step is audited."""

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts import invitations
from accounts.models import (
    Approval,
    Centre,
    Invitation,
    Membership,
    ModeratorAssignment,
    Role,
    User,
)
from audit.models import AuditEvent
from common.errors import Conflict, PermissionRefused
from conftest import client_for
from notifications.models import OutboxMessage
from tests.threads import at_once

pytestmark = pytest.mark.django_db

ADD = reverse("accounts:add-centre-user")


def add(client: Client, email: str, role: str = Role.TUTOR, name: str = "Typed Name") -> Any:
    return client.post(ADD, {"full_name": name, "email": email, "role": role})


def link_in(notice: OutboxMessage) -> str:
    """The path of the invitation link in the emailed notice."""
    found = re.search(r"https?://[^/\s]+(/invitations/[^\s]+/)", notice.body)
    assert found, notice.body
    return found.group(1)


def invited(southbank_client: Client, email: str = "admin@northfield.test") -> str:
    assert add(southbank_client, email).status_code == 302
    invitation = Invitation.objects.get(email=email)
    return link_in(OutboxMessage.objects.get(key=f"invitation:{invitation.pk}"))


def test_adding_an_existing_account_attaches_nothing_until_they_accept(
    southbank_client: Client, centre_admin: User
) -> None:
    """The outside tester's case: Southbank adds Northfield's administrator."""
    response = add(southbank_client, "Admin@Northfield.test", name="Someone Typed")
    assert response.status_code == 302
    # Nothing changed for the person: one centre, so no "choose a centre" on their next page.
    assert list(Membership.objects.filter(user=centre_admin).values_list("centre__number")) == [
        ("12345",)
    ]
    assert client_for(centre_admin).get(reverse("home")).status_code == 200
    # Southbank sees only what it typed, marked Invited, never the account's real name.
    listed = southbank_client.get(reverse("accounts:centre-users"), follow=True)
    page = listed.content.decode()
    assert "Someone Typed" in page and "admin@northfield.test" in page and "Invited" in page
    assert "Priya Shah" not in page
    banner = southbank_client.get(reverse("accounts:centre-users"))
    assert "Priya Shah" not in banner.content.decode()
    invitation = Invitation.objects.get()
    assert (invitation.full_name, invitation.role) == ("Someone Typed", Role.TUTOR)
    assert invitation.expires_at == invitation.created_at + timedelta(days=14)
    event = AuditEvent.objects.get(action="invitation.created")
    assert event.centre == Centre.objects.get(number="67890")
    notice = OutboxMessage.objects.get(key=f"invitation:{invitation.pk}")
    assert notice.to == ["admin@northfield.test"]
    # The link's secret is kept only as its digest.
    token = link_in(notice).split("/")[2]
    assert invitation.token_digest == Invitation.digest(token) != token


def test_the_invitee_accepts_signed_in_as_the_invited_address(
    southbank_client: Client, centre_admin: User, tutor: User
) -> None:
    link = invited(southbank_client)
    assert Client().get(link)["Location"].startswith(reverse("accounts:sign-in"))

    # Someone else signed in is told it is not theirs, learns nothing, and nothing changes.
    other = client_for(tutor).get(link)
    assert other.status_code == 403
    assert "This invitation is for someone else" in other.content.decode()
    assert "Southbank" not in other.content.decode()
    refused = client_for(tutor).post(link, {"decision": "accept"})
    assert refused.status_code == 403
    assert not Membership.objects.filter(user=tutor, centre__number="67890").exists()

    client = client_for(centre_admin)
    page = client.get(link).content.decode()
    assert "67890 Southbank Training" in page and "Tutor/Teacher" in page
    assert "Accept invitation" in page and "Decline invitation" in page
    response = client.post(link, {"decision": "accept"}, follow=True)
    assert "You now have the role Tutor/Teacher at centre 67890" in response.content.decode()
    membership = Membership.objects.get(user=centre_admin, centre__number="67890")
    assert membership.role == Role.TUTOR
    assert Invitation.objects.get().accepted_at is not None
    assert {e.action for e in AuditEvent.objects.filter(actor=centre_admin)} == {
        "invitation.accepted",
        "membership.added",
    }
    # Now a member, listed as such; no longer an invitation.
    listed = southbank_client.get(reverse("accounts:centre-users")).content.decode()
    assert "Priya Shah" in listed and "Withdraw" not in listed
    # The link has done its work.
    again = client.post(link, {"decision": "accept"})
    assert "already been accepted" in again.content.decode()
    assert Membership.objects.filter(user=centre_admin).count() == 2


def test_the_invitee_declines(southbank_client: Client, centre_admin: User) -> None:
    link = invited(southbank_client)
    client = client_for(centre_admin)
    client.post(link, {"decision": "decline"})
    assert not Membership.objects.filter(user=centre_admin, centre__number="67890").exists()
    assert Invitation.objects.get().declined_at is not None
    assert AuditEvent.objects.filter(action="invitation.declined", actor=centre_admin).exists()
    assert "You declined this invitation" in client.get(link).content.decode()
    assert "Withdraw" not in southbank_client.get(reverse("accounts:centre-users")).content.decode()


@pytest.mark.parametrize(
    "email", ["moderator@awarding.test", "verifier@awarding.test", "ops@awarding.test"]
)
@pytest.mark.parametrize("role", [Role.CENTRE_ADMINISTRATOR, Role.STAFF])
def test_awarding_body_staff_are_never_given_a_centre_role(
    southbank_client: Client, email: str, role: str
) -> None:
    response = add(southbank_client, email, role=role)
    # A person the centre may not give a role: refused (403), shown beside the form.
    assert response.status_code == 403
    page = response.content.decode()
    assert "belongs to OCR staff" in page and "A centre cannot give them a role" in page
    # Beside the email field, and in the summary linking to it.
    assert 'href="#id_email"' in page
    field = page.split('for="id_email"')[1].split("</div>")[0]
    assert "belongs to OCR staff" in field
    assert not Invitation.objects.exists()
    assert not Membership.objects.filter(user__email=email).exists()


def _customer_service_id() -> int:
    """05203, which Northfield is approved for."""
    return Approval.objects.get(
        centre__number="12345", qualification__code="05203"
    ).qualification_id


def test_the_awarding_body_rule_is_checked_again_on_accepting(
    southbank_client: Client, tutor: User
) -> None:
    link = invited(southbank_client, "tutor@northfield.test")
    ModeratorAssignment.objects.create(
        moderator=tutor,
        centre=Centre.objects.get(number="12345"),
        qualification_id=_customer_service_id(),
    )
    response = client_for(tutor).post(link, {"decision": "accept"})
    assert "so you cannot have a role at a centre" in response.content.decode()
    assert not Membership.objects.filter(user=tutor, centre__number="67890").exists()


def test_a_centre_cannot_change_the_role_of_awarding_body_staff(
    centre_admin_client: Client, tutor: User
) -> None:
    ModeratorAssignment.objects.update_or_create(
        centre=Centre.objects.get(number="67890"),
        qualification_id=_customer_service_id(),
        defaults={"moderator": tutor},
    )
    membership = Membership.objects.get(user=tutor)
    response = centre_admin_client.post(
        reverse("accounts:change-role", args=[membership.pk]), {"role": Role.CENTRE_ADMINISTRATOR}
    )
    assert "a centre cannot give them a role" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.TUTOR


def test_invitations_expire_after_14_days(southbank_admin: User, centre_admin: User) -> None:
    with time_machine.travel("2026-11-02 09:00", tick=False) as traveller:
        link = invited(client_for(southbank_admin))
        # Sessions end long before an invitation does: each visit signs in afresh.
        traveller.shift(timedelta(days=14) - timedelta(minutes=1))
        assert "Accept invitation" in client_for(centre_admin).get(link).content.decode()
        traveller.shift(timedelta(minutes=1))
        client = client_for(centre_admin)
        page = client.get(link).content.decode()
        assert "This invitation has expired" in page and "Accept invitation" not in page
        client.get(link)
        response = client.post(link, {"decision": "accept"})
        assert "expired" in response.content.decode()
        assert not Membership.objects.filter(user=centre_admin, centre__number="67890").exists()
        # Recorded once, however often it is opened.
        assert AuditEvent.objects.filter(action="invitation.expired").count() == 1
        # The centre may invite again.
        assert add(client_for(southbank_admin), "admin@northfield.test").status_code == 302
        assert Invitation.objects.filter(expired_at__isnull=True).count() == 1


def test_an_expired_invitation_is_closed_when_the_centre_invites_again(
    southbank_admin: User,
) -> None:
    with time_machine.travel("2026-11-02 09:00", tick=False) as traveller:
        invited(client_for(southbank_admin))
        traveller.shift(timedelta(days=15))
        southbank = client_for(southbank_admin)
        listed = southbank.get(reverse("accounts:centre-users")).content.decode()
        assert "Expired" in listed
        assert add(southbank, "admin@northfield.test").status_code == 302
    first, second = Invitation.objects.order_by("pk")
    assert first.expired_at is not None and second.is_open
    assert AuditEvent.objects.filter(action="invitation.expired", object_id=str(first.pk)).exists()


def test_the_centre_withdraws_an_invitation(
    southbank_client: Client, centre_admin_client: Client, centre_admin: User
) -> None:
    link = invited(southbank_client)
    invitation = Invitation.objects.get()
    url = reverse("accounts:withdraw-invitation", args=[invitation.pk])
    # Another centre's invitation is not found.
    assert centre_admin_client.get(url).status_code == 404
    assert centre_admin_client.post(url).status_code == 404
    confirm = southbank_client.get(url).content.decode()
    assert "Withdraw the invitation to admin@northfield.test?" in confirm
    response = southbank_client.post(url, follow=True)
    assert "The invitation to admin@northfield.test has been withdrawn" in response.content.decode()
    assert "Withdraw<span" not in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    assert AuditEvent.objects.filter(action="invitation.withdrawn").count() == 1
    client = client_for(centre_admin)
    assert "The centre has withdrawn this invitation" in client.get(link).content.decode()
    refused = client.post(link, {"decision": "accept"})
    assert "withdrawn" in refused.content.decode()
    assert not Membership.objects.filter(user=centre_admin, centre__number="67890").exists()


def test_inviting_again_while_an_invitation_waits_is_refused(southbank_client: Client) -> None:
    invited(southbank_client)
    response = add(southbank_client, "admin@northfield.test", role=Role.CENTRE_ADMINISTRATOR)
    page = response.content.decode()
    assert "has already been invited to this centre" in page
    assert "withdraw that invitation first" in page
    assert Invitation.objects.get().role == Role.TUTOR
    # Withdrawn, a new invitation (with another role) can be sent.
    invitation = Invitation.objects.get()
    southbank_client.post(reverse("accounts:withdraw-invitation", args=[invitation.pk]))
    assert add(southbank_client, "admin@northfield.test", role=Role.STAFF).status_code == 302
    assert Invitation.objects.filter(withdrawn_at__isnull=True).get().role == Role.STAFF


def test_inviting_someone_already_at_the_centre_is_refused(
    centre_admin_client: Client,
) -> None:
    response = add(centre_admin_client, "staff@northfield.test")
    assert "already has a role at this centre" in response.content.decode()
    assert not Invitation.objects.exists()


def test_someone_given_a_role_meanwhile_cannot_accept_a_second(
    southbank_client: Client, centre_admin: User
) -> None:
    link = invited(southbank_client)
    Membership.objects.create(
        user=centre_admin, centre=Centre.objects.get(number="67890"), role=Role.STAFF
    )
    response = client_for(centre_admin).post(link, {"decision": "accept"})
    assert "You already have a role at centre 67890" in response.content.decode()
    assert Membership.objects.get(user=centre_admin, centre__number="67890").role == Role.STAFF


def test_actions_refuse_the_wrong_person(southbank_admin: User, tutor: User) -> None:
    acting = Membership.objects.get(user=southbank_admin)
    invitation = invitations.invite(
        membership=acting,
        user=User.objects.get(email="admin@northfield.test"),
        email="admin@northfield.test",
        full_name="P",
        role=Role.TUTOR,
        acting_user=southbank_admin,
    )
    with pytest.raises(PermissionRefused):
        invitations.accept_invitation(invitation_id=invitation.pk, acting_user=tutor)
    with pytest.raises(PermissionRefused):
        invitations.withdraw_invitation(
            membership=Membership.objects.get(user=tutor),
            invitation_id=invitation.pk,
            acting_user=tutor,
        )
    invitation.refresh_from_db()
    assert invitation.is_open


def test_the_centre_users_page_reads_a_fixed_number_of_queries(
    southbank_client: Client, django_assert_num_queries: Any
) -> None:
    for number in range(8):
        User.objects.create_user(email=f"p{number}@college.test", full_name=f"Real {number}")
        add(southbank_client, f"p{number}@college.test", name=f"Typed {number}")
    southbank_client.get(reverse("accounts:centre-users"))
    # 3 for every signed-in page, then the users, the open invitations and the answered ones.
    with django_assert_num_queries(6):
        response = southbank_client.get(reverse("accounts:centre-users"))
    page = response.content.decode()
    assert page.count("Withdraw<span") == 8 and "Real 3" not in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_invitation_accepted_twice_at_once_makes_one_membership(
    southbank_admin: User, centre_admin: User
) -> None:
    invitation = invitations.invite(
        membership=Membership.objects.get(user=southbank_admin),
        user=centre_admin,
        email=centre_admin.email,
        full_name="P",
        role=Role.TUTOR,
        acting_user=southbank_admin,
    )

    def accept() -> Membership:
        return invitations.accept_invitation(invitation_id=invitation.pk, acting_user=centre_admin)

    results = at_once(accept, accept)
    assert sum(isinstance(r, Membership) for r in results) == 1
    assert sum(isinstance(r, Conflict) for r in results) == 1
    assert Membership.objects.filter(user=centre_admin, centre__number="67890").count() == 1
    assert AuditEvent.objects.filter(action="invitation.accepted").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_administrators_inviting_at_once_send_one_invitation(
    southbank_admin: User, centre_admin: User
) -> None:
    second = User.objects.create_user(email="second@southbank.test", full_name="Second Admin")
    southbank = Centre.objects.get(number="67890")
    Membership.objects.create(user=second, centre=southbank, role=Role.CENTRE_ADMINISTRATOR)
    from accounts import actions

    def invite(admin: User) -> Any:
        return actions.add_centre_user(
            membership=Membership.objects.get(user=admin, centre=southbank),
            email="admin@northfield.test",
            full_name="P",
            role=Role.TUTOR,
            acting_user=admin,
        )

    results = at_once(lambda: invite(southbank_admin), lambda: invite(second))
    assert sum(isinstance(r, Invitation) for r in results) == 1
    assert sum(isinstance(r, Conflict) for r in results) == 1
    assert Invitation.objects.filter(centre=southbank).count() == 1
    assert OutboxMessage.objects.filter(kind="invitation").count() == 1
