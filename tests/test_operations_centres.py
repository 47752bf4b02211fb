"""Operations' Centres pages and actions: add a centre, approve it for a qualification, withdraw
an approval (refused while a claim needs it), each audited and all-or-nothing."""

from typing import Any

import pytest
from django.urls import reverse

from accounts import centres
from accounts.centre_selectors import EXTERNAL_VERIFICATION
from accounts.models import Approval, Centre, ModeratorAssignment, User, VerifierAssignment
from audit.models import AuditEvent
from catalogue.models import QualityAssurance
from claims.models import Claim, ClaimStatus
from claims.tests.submit_data import amiras_claim, submit
from common.errors import Conflict, DomainErrors, NotFound, PermissionRefused
from conftest import client_for
from moderation.tests.factories import demo_claim

pytestmark = pytest.mark.django_db


def test_the_selectors_name_external_verification_as_the_catalogue_stores_it() -> None:
    assert EXTERNAL_VERIFICATION == QualityAssurance.EXTERNAL_VERIFICATION


def test_operations_add_a_centre_audited(ops: User) -> None:
    centre = centres.add_centre(
        number=" 24680 ",
        name="  Eastgate   Academy ",
        contact_email="Exams@Eastgate.test",
        acting_user=ops,
    )
    assert (centre.number, centre.name, centre.contact_email) == (
        "24680",
        "Eastgate Academy",
        "exams@eastgate.test",
    )
    event = AuditEvent.objects.get(action="centre.added")
    assert event.actor_id == ops.pk and event.centre_id == centre.pk
    assert event.changes == {
        "number": "24680",
        "name": "Eastgate Academy",
        "contact_email": "exams@eastgate.test",
    }


def test_a_centre_with_bad_details_is_refused_with_every_problem_and_nothing_saved(
    ops: User,
) -> None:
    before = Centre.objects.count()
    with pytest.raises(DomainErrors) as refused:
        centres.add_centre(number="1234x", name=" ", contact_email="not-an-email", acting_user=ops)
    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("number", "Enter the centre number as 5 digits"),
        ("name", "Enter the centre's name"),
        ("contact_email", "Enter an email address in the correct format, like name@example.com"),
    ]
    with pytest.raises(DomainErrors) as refused:
        centres.add_centre(
            number="24680", name="x" * 201, contact_email=f"{'a' * 250}@b.test", acting_user=ops
        )
    assert [e.field for e in refused.value.errors] == ["name", "contact_email"]
    with pytest.raises(Conflict, match="Centre 12345 already exists"):
        centres.add_centre(number="12345", name="Again", contact_email="", acting_user=ops)
    assert Centre.objects.count() == before
    assert not AuditEvent.objects.filter(action="centre.added").exists()


def test_only_operations_change_centres_and_approvals(tutor: User, moderator: User) -> None:
    northfield = Centre.objects.get(number="12345")
    approval = Approval.objects.get(centre=northfield, qualification__code="03991")
    for user in (tutor, moderator):
        with pytest.raises(PermissionRefused):
            centres.add_centre(number="24680", name="X", contact_email="", acting_user=user)
        with pytest.raises(PermissionRefused):
            centres.approve(centre_id=northfield.pk, qualification_code="05203", acting_user=user)
        with pytest.raises(PermissionRefused):
            centres.withdraw_approval(approval_id=approval.pk, reason="r", acting_user=user)
    assert Approval.objects.filter(pk=approval.pk).exists()
    assert not AuditEvent.objects.filter(action__startswith="approval.").exists()


def test_approving_a_centre_lets_it_claim_the_qualification(ops: User) -> None:
    southbank = Centre.objects.get(number="67890")
    approval = centres.approve(
        centre_id=southbank.pk, qualification_code=" 05203 ", acting_user=ops
    )
    assert approval.centre == southbank and approval.qualification.code == "05203"
    assert not approval.direct_claim_status
    event = AuditEvent.objects.get(action="approval.granted")
    assert event.changes == {"qualification": "05203", "approved": [False, True]}
    assert event.centre_id == southbank.pk


def test_approving_twice_or_for_an_unknown_code_is_refused_beside_the_field(ops: User) -> None:
    northfield = Centre.objects.get(number="12345")
    cases = [
        ("", "Enter the qualification's entry code"),
        ("99999", "There is no qualification with the entry code 99999"),
        ("03991", "Centre 12345 is already approved for 03991"),
    ]
    for code, message in cases:
        with pytest.raises(Exception) as refused:
            centres.approve(centre_id=northfield.pk, qualification_code=code, acting_user=ops)
        assert (refused.value.field, refused.value.message) == ("qualification", message)  # type: ignore[attr-defined]
    with pytest.raises(NotFound):
        centres.approve(centre_id=0, qualification_code="03991", acting_user=ops)
    assert Approval.objects.filter(centre=northfield).count() == 2
    assert not AuditEvent.objects.filter(action="approval.granted").exists()


def test_withdrawing_an_approval_takes_its_direct_status_moderator_and_verifiers(
    ops: User,
) -> None:
    approval = Approval.objects.get(centre__number="12345", qualification__code="05203")
    where = {"centre": approval.centre, "qualification": approval.qualification}
    moderator = User.objects.create_user("m2@awarding.test", "x" * 12, full_name="M Two")
    ModeratorAssignment.objects.create(moderator=moderator, **where)
    assert approval.direct_claim_status and VerifierAssignment.objects.filter(**where).exists()

    centres.withdraw_approval(approval_id=approval.pk, reason=" Centre closed ", acting_user=ops)

    assert not Approval.objects.filter(pk=approval.pk).exists()
    assert not ModeratorAssignment.objects.filter(**where).exists()
    assert not VerifierAssignment.objects.filter(**where).exists()
    event = AuditEvent.objects.get(action="approval.withdrawn")
    assert event.changes == {
        "qualification": "05203",
        "approved": [True, False],
        "direct_claim_status": [True, False],
        "moderator": ["m2@awarding.test", None],
        "verifiers": [["verifier@awarding.test"], []],
        "reason": "Centre closed",
    }
    assert "Centre closed" in event.summary


def test_an_approval_whose_claim_is_with_the_moderator_cannot_be_withdrawn(
    ops: User,
) -> None:
    claim = demo_claim()
    approval = Approval.objects.get(centre=claim.centre, qualification=claim.qualification)
    with pytest.raises(DomainErrors) as refused:
        centres.withdraw_approval(approval_id=approval.pk, reason="Closed", acting_user=ops)
    assert refused.value.status == 409
    assert refused.value.message == (
        "Centre 12345 has 1 claim for 03991 with the examiner-moderator or waiting to be "
        "processed: withdraw the approval once they are processed or withdrawn"
    )
    assert Approval.objects.filter(pk=approval.pk).exists()
    assert ModeratorAssignment.objects.filter(
        centre=claim.centre, qualification=claim.qualification
    ).exists()
    assert not AuditEvent.objects.filter(action="approval.withdrawn").exists()

    # Processed, it no longer needs the approval.
    Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.PROCESSED)
    centres.withdraw_approval(approval_id=approval.pk, reason="Closed", acting_user=ops)
    assert not Approval.objects.filter(pk=approval.pk).exists()


def test_a_claim_in_progress_is_kept_but_can_no_longer_be_submitted(ops: User, tutor: User) -> None:
    draft = amiras_claim(tutor)
    approval = Approval.objects.get(centre=draft.centre, qualification=draft.qualification)
    centres.withdraw_approval(approval_id=approval.pk, reason="Closed", acting_user=ops)
    assert Claim.objects.get(pk=draft.pk).status == ClaimStatus.DRAFT
    with pytest.raises(Conflict, match="Your centre is no longer approved for 03991"):
        submit(tutor, draft)


def test_a_withdrawal_needs_a_reason(ops: User) -> None:
    approval = Approval.objects.get(centre__number="67890", qualification__code="03991")
    with pytest.raises(Exception, match="Enter the reason why"):
        centres.withdraw_approval(approval_id=approval.pk, reason="  ", acting_user=ops)
    assert Approval.objects.filter(pk=approval.pk).exists()


# The pages


def test_the_centres_page_finds_centres_by_number_or_name_in_a_fixed_number_of_queries(
    ops: User, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        centres.add_centre(
            number=f"5{n:04d}", name=f"Town College {n}", contact_email="", acting_user=ops
        )
        centres.approve(
            centre_id=Centre.objects.get(number=f"5{n:04d}").pk,
            qualification_code="03991",
            acting_user=ops,
        )
    client = client_for(ops)
    client.get(reverse("accounts:operations-centres"))
    # The signed-in page's own reads, the count, the page of centres and their approvals.
    with django_assert_max_num_queries(8):
        page = client.get(reverse("accounts:operations-centres")).content.decode()
    assert "12345 Northfield College" in page and "03991, 05203 (direct claim status)" in page
    found = client.get(reverse("accounts:operations-centres"), {"q": "south"}).content.decode()
    assert "67890 Southbank Training" in found and "12345 Northfield" not in found
    found = client.get(reverse("accounts:operations-centres"), {"q": "1234"}).content.decode()
    assert "12345 Northfield College" in found and "Southbank" not in found
    none = client.get(reverse("accounts:operations-centres"), {"q": "zzz"}).content.decode()
    assert "No centre has a number starting with or a name containing \u2018zzz\u2019" in none


def test_the_add_centre_page_shows_each_problem_with_a_400_and_saves_nothing(ops: User) -> None:
    client = client_for(ops)
    url = reverse("accounts:operations-centre-add")
    response = client.post(url, {"number": "12", "name": "", "contact_email": "x"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert page.count("Enter the centre number as 5 digits") == 2  # summary and field
    assert page.count("Enter the centre&#x27;s name") == 2
    assert Centre.objects.count() == 2
    response = client.post(
        url, {"number": "24680", "name": "Eastgate Academy", "contact_email": ""}
    )
    centre = Centre.objects.get(number="24680")
    assert response["Location"] == reverse("accounts:operations-centre", args=[centre.pk])
    assert (
        "Centre 24680 Eastgate Academy added" in client.get(response["Location"]).content.decode()
    )


def test_the_approve_page_approves_and_refuses_beside_the_field(ops: User) -> None:
    southbank = Centre.objects.get(number="67890")
    client = client_for(ops)
    url = reverse("accounts:operations-approve", args=[southbank.pk])
    response = client.post(url, {"qualification": "99999"})
    assert response.status_code == 400
    assert (
        response.content.decode().count("There is no qualification with the entry code 99999") == 2
    )
    response = client.post(url, {"qualification": "03991"})
    assert response.status_code == 409
    assert "Centre 67890 is already approved for 03991" in response.content.decode()
    response = client.post(url, {"qualification": "05203"}, follow=True)
    page = response.content.decode()
    assert "Centre 67890 approved for 05203 Level 2 Certificate in Customer Service" in page
    assert Approval.objects.filter(centre=southbank, qualification__code="05203").exists()


def test_the_centre_page_shows_each_approval_with_its_moderator_and_verifiers(
    ops: User, django_assert_max_num_queries: Any
) -> None:
    northfield = Centre.objects.get(number="12345")
    client = client_for(ops)
    url = reverse("accounts:operations-centre", args=[northfield.pk])
    client.get(url)
    with django_assert_max_num_queries(7):
        page = client.get(url).content.decode()
    assert "moderator@awarding.test" in page and "verifier@awarding.test" in page
    assert "Not needed: direct claim status" in page
    assert (
        reverse(
            "verification:direct-claim-status-change",
            args=[Approval.objects.get(centre=northfield, qualification__code="05203").pk],
        )
        in page
    )


def test_the_withdraw_page_refuses_while_a_claim_needs_the_approval(ops: User) -> None:
    claim = demo_claim()
    approval = Approval.objects.get(centre=claim.centre, qualification=claim.qualification)
    client = client_for(ops)
    url = reverse("accounts:operations-withdraw-approval", args=[approval.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Enter the reason" in response.content.decode()
    response = client.post(url, {"reason": "Centre closed"})
    assert response.status_code == 409
    assert "with the examiner-moderator or waiting to be processed" in response.content.decode()
    assert Approval.objects.filter(pk=approval.pk).exists()
    other = Approval.objects.get(centre__number="67890")
    response = client.post(
        reverse("accounts:operations-withdraw-approval", args=[other.pk]),
        {"reason": "Centre closed"},
        follow=True,
    )
    assert "Approval of centre 67890 for 03991 withdrawn" in response.content.decode()
    assert not Approval.objects.filter(pk=other.pk).exists()
