"""Operations' Examiner-moderators and External verifiers pages and actions: one moderator per
centre and qualification, reassigned at once; verifiers only for externally verified
qualifications; never a centre user; each change audited and all-or-nothing."""

from typing import Any

import pytest
from django.urls import reverse

from accounts import assignments
from accounts.models import (
    Approval,
    Centre,
    Membership,
    ModeratorAssignment,
    Role,
    User,
    VerifierAssignment,
)
from audit.models import AuditEvent
from claims.models import Claim
from common.errors import Conflict, DomainError, DomainErrors, NotFound, PermissionRefused
from conftest import client_for
from moderation.tests.factories import demo_claim

pytestmark = pytest.mark.django_db


def _approval(centre: str = "12345", code: str = "03991") -> Approval:
    return Approval.objects.get(centre__number=centre, qualification__code=code)


def _person(email: str) -> User:
    return User.objects.create_user(email, "x" * 12, full_name=email.split("@")[0].title())


def _moderator_of(approval: Approval) -> str | None:
    return (
        ModeratorAssignment.objects.filter(
            centre=approval.centre, qualification=approval.qualification
        )
        .values_list("moderator__email", flat=True)
        .first()
    )


def test_reassigning_moves_the_centres_claims_to_the_new_moderator_at_once(
    ops: User, moderator: User
) -> None:
    claim = demo_claim()
    approval = _approval()
    successor = _person("m3@awarding.test")
    assert Claim.objects.for_moderator(moderator).filter(pk=claim.pk).exists()

    assignments.assign_moderator(
        approval_id=approval.pk, email=" M3@Awarding.test ", acting_user=ops
    )

    assert _moderator_of(approval) == "m3@awarding.test"
    assert not Claim.objects.for_moderator(moderator).filter(pk=claim.pk).exists()
    assert Claim.objects.for_moderator(successor).filter(pk=claim.pk).exists()
    url = reverse("moderation:claim", args=[claim.pk])
    assert client_for(moderator).get(url).status_code == 404
    assert client_for(successor).get(url).status_code == 200
    event = AuditEvent.objects.get(action="moderator_assignment.assigned")
    assert event.actor_id == ops.pk and event.centre_id == approval.centre_id
    assert event.changes == {
        "qualification": "03991",
        "moderator": ["moderator@awarding.test", "m3@awarding.test"],
    }
    # Southbank's assignment for 03991 is its own.
    assert _moderator_of(_approval("67890")) == "moderator@awarding.test"


def test_assigning_where_nobody_moderates_fills_the_gap(ops: User) -> None:
    approval = _approval("12345", "05203")
    assert _moderator_of(approval) is None
    assignments.assign_moderator(
        approval_id=approval.pk, email="moderator@awarding.test", acting_user=ops
    )
    assert _moderator_of(approval) == "moderator@awarding.test"
    event = AuditEvent.objects.get(action="moderator_assignment.assigned")
    assert event.changes["moderator"] == [None, "moderator@awarding.test"]


def test_a_moderator_must_be_an_awarding_body_account_and_not_the_same_one(
    ops: User, tutor: User
) -> None:
    approval = _approval()
    _person("new@awarding.test")
    Membership.objects.create(
        user=User.objects.get(email="new@awarding.test"),
        centre=Centre.objects.get(number="67890"),
        role=Role.STAFF,
    )
    cases = [
        ("", DomainError, "Enter the email address of the examiner-moderator"),
        (
            "nobody@awarding.test",
            DomainError,
            "There is no account with the email address nobody@awarding.test",
        ),
        (
            "tutor@northfield.test",
            PermissionRefused,
            "tutor@northfield.test has a role at centre 12345: a centre user cannot be OCR's "
            "examiner-moderator",
        ),
        (
            "new@awarding.test",
            PermissionRefused,
            "new@awarding.test has a role at centre 67890: a centre user cannot be OCR's "
            "examiner-moderator",
        ),
        (
            "moderator@awarding.test",
            Conflict,
            "moderator@awarding.test is already the examiner-moderator for 03991 at centre 12345",
        ),
    ]
    for email, kind, message in cases:
        with pytest.raises(kind) as refused:
            assignments.assign_moderator(approval_id=approval.pk, email=email, acting_user=ops)
        assert (refused.value.field, refused.value.message) == ("email", message)
    assert _moderator_of(approval) == "moderator@awarding.test"
    assert not AuditEvent.objects.filter(action__startswith="moderator_assignment").exists()


def test_only_operations_change_assignments(tutor: User, moderator: User, verifier: User) -> None:
    approval = _approval("12345", "05203")
    assignment = VerifierAssignment.objects.get()
    for user in (tutor, moderator, verifier):
        for act in (
            lambda u=user: assignments.assign_moderator(
                approval_id=approval.pk, email="moderator@awarding.test", acting_user=u
            ),
            lambda u=user: assignments.remove_moderator(approval_id=_approval().pk, acting_user=u),
            lambda u=user: assignments.add_verifier(
                approval_id=approval.pk, email="moderator@awarding.test", acting_user=u
            ),
            lambda u=user: assignments.remove_verifier(assignment_id=assignment.pk, acting_user=u),
        ):
            with pytest.raises(PermissionRefused):
                act()
    assert ModeratorAssignment.objects.count() == 3 and VerifierAssignment.objects.count() == 1


def test_removing_the_moderator_is_refused_while_a_claim_is_with_them(
    ops: User,
) -> None:
    demo_claim()
    approval = _approval()
    with pytest.raises(DomainErrors) as refused:
        assignments.remove_moderator(approval_id=approval.pk, acting_user=ops)
    assert refused.value.status == 409
    assert refused.value.message == (
        "Centre 12345 has 1 claim for 03991 with the examiner-moderator: assign another "
        "examiner-moderator instead, so that the claims move to them"
    )
    assert _moderator_of(approval) == "moderator@awarding.test"
    # Southbank has no claim with them.
    southbank = _approval("67890")
    assignments.remove_moderator(approval_id=southbank.pk, acting_user=ops)
    assert _moderator_of(southbank) is None
    event = AuditEvent.objects.get(action="moderator_assignment.removed")
    assert event.changes == {
        "qualification": "03991",
        "moderator": ["moderator@awarding.test", None],
    }
    with pytest.raises(
        Conflict, match="No examiner-moderator is assigned for 03991 at centre 67890"
    ):
        assignments.remove_moderator(approval_id=southbank.pk, acting_user=ops)
    with pytest.raises(NotFound):
        assignments.remove_moderator(approval_id=0, acting_user=ops)


def test_verifiers_are_added_only_for_externally_verified_qualifications(ops: User) -> None:
    _person("v2@awarding.test")
    with pytest.raises(DomainError) as refused:
        assignments.add_verifier(
            approval_id=_approval().pk, email="v2@awarding.test", acting_user=ops
        )
    assert refused.value.field == "email" and refused.value.message == (
        "03991 is not externally verified (remote moderation): external verifiers are assigned "
        "only for externally verified qualifications"
    )
    assert VerifierAssignment.objects.count() == 1

    approval = _approval("12345", "05203")
    added = assignments.add_verifier(
        approval_id=approval.pk, email="v2@awarding.test", acting_user=ops
    )
    assert added.verifier.email == "v2@awarding.test"
    assert VerifierAssignment.objects.filter(centre=approval.centre).count() == 2
    event = AuditEvent.objects.get(action="verifier_assignment.added")
    assert event.changes == {"qualification": "05203", "verifier": [None, "v2@awarding.test"]}
    with pytest.raises(Conflict, match=r"v2@awarding\.test is already an external verifier"):
        assignments.add_verifier(approval_id=approval.pk, email="v2@awarding.test", acting_user=ops)
    with pytest.raises(PermissionRefused, match="a centre user cannot be OCR's external verifier"):
        assignments.add_verifier(
            approval_id=approval.pk, email="admin@northfield.test", acting_user=ops
        )

    assignments.remove_verifier(assignment_id=added.pk, acting_user=ops)
    assert not VerifierAssignment.objects.filter(pk=added.pk).exists()
    event = AuditEvent.objects.get(action="verifier_assignment.removed")
    assert event.changes == {"qualification": "05203", "verifier": ["v2@awarding.test", None]}
    with pytest.raises(NotFound):
        assignments.remove_verifier(assignment_id=added.pk, acting_user=ops)


# The pages


def _more_approvals(ops: User, n: int) -> None:
    from accounts import centres

    for i in range(n):
        centre = centres.add_centre(
            number=f"5{i:04d}", name=f"College {i}", contact_email="", acting_user=ops
        )
        centres.approve(centre_id=centre.pk, qualification_code="03991", acting_user=ops)
        centres.approve(centre_id=centre.pk, qualification_code="05203", acting_user=ops)


def test_the_moderators_page_highlights_each_gap_in_a_fixed_number_of_queries(
    ops: User, django_assert_max_num_queries: Any
) -> None:
    _more_approvals(ops, 20)
    client = client_for(ops)
    url = reverse("accounts:operations-moderators")
    client.get(url)
    # The signed-in page's own reads, the count of gaps, the page's count and its rows.
    with django_assert_max_num_queries(8):
        page = client.get(url).content.decode()
    assert "40 approvals have no examiner-moderator" in page
    # Every row without one is marked; the demo 03991 rows have one, 05203 at 12345 needs none.
    assert page.count("No examiner-moderator</strong>") == 40
    gaps = client.get(url, {"gaps": "on", "q": "College 1"}).content.decode()
    assert "12345 Northfield" not in gaps and "50000 College 0" not in gaps
    assert "50001 College 1" in gaps and "50019 College 19" in gaps

    assert "Not needed: direct claim status" in client.get(url, {"q": "12345"}).content.decode()


def test_the_moderator_page_assigns_and_refuses_with_the_message_beside_the_field(
    ops: User,
) -> None:
    approval = Approval.objects.get(centre__number="67890")
    client = client_for(ops)
    url = reverse("accounts:operations-moderator", args=[approval.pk])
    assert "Change the examiner-moderator" in client.get(url).content.decode()
    response = client.post(url, {"email": "admin@northfield.test"})
    assert response.status_code == 403
    assert (
        response.content.decode().count("a centre user cannot be OCR&#x27;s examiner-moderator")
        == 2
    )
    response = client.post(url, {"email": "nobody@awarding.test"})
    assert response.status_code == 400
    assert (
        "There is no account with the email address nobody@awarding.test"
        in response.content.decode()
    )
    _person("m3@awarding.test")
    response = client.post(url, {"email": "m3@awarding.test"}, follow=True)
    assert (
        "m3@awarding.test is now the examiner-moderator for 03991 at centre 67890"
        in response.content.decode()
    )
    assert _moderator_of(approval) == "m3@awarding.test"


def test_the_remove_moderator_page_removes_or_says_why_not(ops: User) -> None:
    demo_claim()
    client = client_for(ops)
    northfield = _approval()
    response = client.post(reverse("accounts:operations-moderator-remove", args=[northfield.pk]))
    assert response.status_code == 409
    assert "assign another examiner-moderator instead" in response.content.decode()
    southbank = _approval("67890")
    response = client.post(
        reverse("accounts:operations-moderator-remove", args=[southbank.pk]), follow=True
    )
    assert (
        "moderator@awarding.test no longer moderates 03991 at centre 67890"
        in response.content.decode()
    )
    assert _moderator_of(southbank) is None and _moderator_of(northfield) is not None


def test_the_verifiers_page_lists_externally_verified_approvals_in_a_fixed_number_of_queries(
    ops: User, django_assert_max_num_queries: Any
) -> None:
    _more_approvals(ops, 20)
    client = client_for(ops)
    url = reverse("accounts:operations-verifiers")
    client.get(url)
    with django_assert_max_num_queries(8):
        page = client.get(url).content.decode()
    assert "03991" not in page
    assert "verifier@awarding.test" in page
    assert page.count("No external verifier</strong>") == 20
    gaps = client.get(url, {"gaps": "on"}).content.decode()
    assert (
        "verifier@awarding.test" not in gaps and gaps.count("No external verifier</strong>") == 20
    )


def test_the_add_verifier_page_refuses_a_moderated_qualification_and_adds_to_a_verified_one(
    ops: User,
) -> None:
    _person("v2@awarding.test")
    client = client_for(ops)
    response = client.post(
        reverse("accounts:operations-verifier-add", args=[_approval().pk]),
        {"email": "v2@awarding.test"},
    )
    assert response.status_code == 400
    assert "03991 is not externally verified (remote moderation)" in response.content.decode()
    response = client.post(
        reverse("accounts:operations-verifier-add", args=[_approval("12345", "05203").pk]),
        {"email": "v2@awarding.test"},
        follow=True,
    )
    page = response.content.decode()
    assert "v2@awarding.test added as external verifier for 05203 at centre 12345" in page
    added = VerifierAssignment.objects.get(verifier__email="v2@awarding.test")
    response = client.post(
        reverse("accounts:operations-verifier-remove", args=[added.pk]), follow=True
    )
    assert (
        "v2@awarding.test is no longer an external verifier for 05203 at centre 12345"
        in response.content.decode()
    )
    assert not VerifierAssignment.objects.filter(pk=added.pk).exists()
