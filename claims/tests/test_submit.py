"""Submitting a claim: one transaction, a claim number, unnamed entries taken, then read-only."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from candidates.models import UnnamedEntryMovement
from candidates.selectors import unnamed_balance
from claims import actions
from claims.models import Claim, ClaimStatus
from common.errors import Conflict, DomainError, NotFound
from conftest import client_for

from .helpers import candidate, current, membership_of, qualification, set_up_assessor, start_claim
from .submit_data import AMIRA, amiras_claim, claim_units, submit

pytestmark = pytest.mark.django_db


def submit_page(client: Client, claim: Claim, **data: str) -> str:
    return client.post(reverse("claims:submit", args=[claim.pk]), data).content.decode()


def test_submitting_numbers_the_claim_and_emails_the_moderator(
    tutor: User, django_capture_on_commit_callbacks: Any
) -> None:
    claim = amiras_claim(tutor)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submitted = submit(tutor, claim, email="exams.tom@northfield.test")
        assert mail.outbox == []  # nothing is sent before the transaction commits
    assert len(callbacks) == 2  # one delivery for each email, after commit
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.claim_number == submitted.claim_number == 78104  # after Ben Carter's 78103
    assert claim.submitted_at is not None and claim.submitted_by == tutor
    assert claim.submitter_email == "exams.tom@northfield.test"
    assert claim.moderator is not None and claim.moderator.email == "moderator@awarding.test"
    tutor.refresh_from_db()
    assert tutor.email == "tutor@northfield.test"  # the profile is unchanged
    # The moderator is told, and the submitter (at the address given for this claim) gets a
    # confirmation.
    assert sorted(m.to for m in mail.outbox) == [
        ["exams.tom@northfield.test"],
        ["moderator@awarding.test"],
    ]
    email = next(m for m in mail.outbox if m.to == ["moderator@awarding.test"])
    confirmation = next(m for m in mail.outbox if m.to == ["exams.tom@northfield.test"])
    assert confirmation.subject == (
        "Claim 78104 submitted: send the candidates' work within 24 hours"
    )
    assert "Claim number: 78104" in confirmation.body
    assert "78104" in email.subject and "12345" in email.subject and "03991" in email.subject
    for words in [
        "Centre number: 12345",
        "Qualification: 03991 Level 1 Award in IT User Skills (ITQ)",
        "Claim number: 78104",
        "Candidates: 1",
        "Units claimed: 3",
        "Submitted by: exams.tom@northfield.test",
    ]:
        assert words in email.body
    actions_recorded = set(
        AuditEvent.objects.filter(object_id=str(claim.pk)).values_list("action", flat=True)
    )
    assert {"claim.submitted", "claim.submission_details"} <= actions_recorded


def test_numbers_increase_claim_after_claim(tutor: User, southbank_admin: User) -> None:
    first = submit(tutor, amiras_claim(tutor))
    other = start_claim(southbank_admin)
    claim_units(southbank_admin, other, "20000001", [2])
    second = submit(southbank_admin, other, email="admin@southbank.test")
    again = start_claim(tutor)
    claim_units(tutor, again, "123456", [10])
    third = submit(tutor, again)
    assert first.claim_number and second.claim_number and third.claim_number
    assert first.claim_number < second.claim_number < third.claim_number


def test_remote_moderation_needs_the_declaration(tutor: User) -> None:
    claim = amiras_claim(tutor)
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        submit(tutor, claim, declaration=False)
    assert refused.value.field == "declaration"
    assert refused.value.message == actions.DECLARATION_MISSING
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DRAFT and claim.claim_number is None
    assert AuditEvent.objects.count() == events


def test_a_bad_email_address_is_refused(tutor: User) -> None:
    claim = amiras_claim(tutor)
    with pytest.raises(DomainError) as refused:
        submit(tutor, claim, email="not an address")
    assert refused.value.field == "submitter_email"
    claim.refresh_from_db()
    assert claim.is_draft


def test_unnamed_entries_are_taken_exactly(tutor: User) -> None:
    claim = start_claim(tutor)
    claim_units(tutor, claim, "11721897", [1, 4, 7])  # Daniel Evans: no named entry
    claim_units(tutor, claim, AMIRA, [2])  # a named entry takes nothing
    centre = membership_of(tutor).centre
    assert unnamed_balance(centre=centre, qualification=qualification()) == 10
    submitted = submit(tutor, claim)
    assert unnamed_balance(centre=centre, qualification=qualification()) == 7
    used = UnnamedEntryMovement.objects.get(kind=UnnamedEntryMovement.Kind.USED)
    assert used.quantity == -3
    assert used.created_by == tutor
    assert str(submitted.claim_number) in used.note


def test_too_few_unnamed_entries_is_refused_with_the_shortfall(tutor: User) -> None:
    claim = start_claim(tutor)
    claim_units(tutor, claim, "11721897", [1, 4, 7])
    claim_units(tutor, claim, "11808151", [10, 13, 16, 19, 22, 25, 28, 31, 34, 37])
    events = AuditEvent.objects.count()
    with pytest.raises(Conflict) as refused:
        submit(tutor, claim)
    assert refused.value.message == (
        "The centre needs 3 more unnamed unit entries for 03991: it has 10 and this claim uses 13"
    )
    claim.refresh_from_db()
    assert claim.is_draft and claim.claim_number is None and claim.submitted_at is None
    assert not UnnamedEntryMovement.objects.filter(kind=UnnamedEntryMovement.Kind.USED).exists()
    assert AuditEvent.objects.count() == events


def test_a_blocking_check_stops_submission(tutor: User) -> None:
    claim = start_claim(tutor)
    with pytest.raises(Conflict, match="There is no candidate on this claim"):
        submit(tutor, claim)
    claim.refresh_from_db()
    assert claim.is_draft


def test_a_submitted_claim_refuses_every_edit(tutor: User, tutor_client: Client) -> None:
    claim = amiras_claim(tutor)
    state = current(tutor, claim, AMIRA)
    assessor = state.assessors[0].pk
    other_ab = next(c for c in state.claimed_units if c.is_other_awarding_body)
    submit(tutor, claim)
    membership = membership_of(tutor)
    amira = candidate(AMIRA)
    attempts = {
        "save": lambda: actions.save_candidate_claim(
            membership=membership,
            claim_id=claim.pk,
            candidate_id=amira.pk,
            choices=[actions.UnitChoice(1, False, assessor)],
            version=state.version,
            acting_user=tutor,
        ),
        "add another awarding body's unit": lambda: actions.add_other_awarding_body_unit(
            membership=membership,
            claim_id=claim.pk,
            candidate_id=amira.pk,
            unit_number=10,
            assessor_id=assessor,
            awarding_body="AQA",
            acting_user=tutor,
        ),
        "remove another awarding body's unit": lambda: actions.remove_other_awarding_body_unit(
            membership=membership,
            claim_id=claim.pk,
            candidate_id=amira.pk,
            claimed_unit_id=other_ab.pk,
            acting_user=tutor,
        ),
        "submit again": lambda: submit(tutor, claim),
    }
    for name, attempt in attempts.items():
        with pytest.raises(Conflict):
            attempt()
            pytest.fail(f"{name} was allowed")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert sorted(claim.candidates.get().units.values_list("unit__number", "awarding_body")) == [
        (1, ""),
        (4, ""),
        (7, "AQA"),
    ]

    # The pages show it read-only and refuse posts.
    page = tutor_client.get(reverse("claims:view-claim", args=[claim.pk])).content.decode()
    assert "Submit to assessor" not in page and "Add another candidate" not in page
    assert "This claim has been submitted: it can no longer be changed." in page
    response = tutor_client.post(
        reverse("claims:candidate-claim", args=[claim.pk, AMIRA]),
        {"version": state.version, "unit-1-claiming": "not-claiming"},
    )
    assert response.status_code == 409
    edit = tutor_client.get(reverse("claims:edit-claim", args=[claim.pk]))
    assert edit.status_code == 302
    assert edit["Location"] == reverse("claims:view-claim", args=[claim.pk])
    claim.refresh_from_db()
    assert claim.candidates.get().units.count() == 3


def test_pressing_submit_twice_submits_once(
    tutor: User, tutor_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    claim = amiras_claim(tutor)
    data = {"submitter_email": "tutor@northfield.test", "declaration": "on", "confirmed": "yes"}
    url = reverse("claims:submit", args=[claim.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = tutor_client.post(url, data)
        second = tutor_client.post(url, data, follow=True)
    assert first.status_code == 302
    assert first["Location"] == reverse("claims:submitted", args=[claim.pk])
    assert second.redirect_chain[-1][0] == reverse("claims:submitted", args=[claim.pk])
    page = second.content.decode()
    assert "already been submitted" in page and "Claim number: <strong>78104</strong>" in page
    assert Claim.objects.filter(claim_number__isnull=False).count() == 2  # with 78103
    # Once each: the moderator's email and the submitter's confirmation.
    assert sorted(m.to for m in mail.outbox) == [
        ["moderator@awarding.test"],
        ["tutor@northfield.test"],
    ]


def test_direct_claim_status_goes_straight_to_finalised(tutor: User, tutor_client: Client) -> None:
    set_up_assessor(tutor, name="Cy Sands", initials="CS", code="05203")
    claim = start_claim(tutor, "05203")
    claim_units(tutor, claim, "789012", [1, 2], grade="Merit")  # Jane Doe
    page = tutor_client.get(reverse("claims:view-claim", args=[claim.pk])).content.decode()
    assert "Submit to OCR" in page and "Submit to assessor" not in page
    assert "I confirm I have printed a copy" not in page  # not remotely moderated
    page = submit_page(tutor_client, claim, submitter_email="tutor@northfield.test")
    assert "Are you sure you want to submit this claim?" in page
    response = tutor_client.post(
        reverse("claims:submit", args=[claim.pk]),
        {"submitter_email": "tutor@northfield.test", "confirmed": "yes"},
        follow=True,
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.FINALISED
    assert claim.finalised_at is not None and claim.submitted_at is not None
    assert claim.claim_number is not None and claim.moderator is None
    assert f"Claim number: <strong>{claim.claim_number}</strong>" in response.content.decode()
    assert mail.outbox == []


def test_another_centres_claim_is_not_found(tutor: User, southbank_admin: User) -> None:
    claim = amiras_claim(tutor)
    client = client_for(southbank_admin)
    for name in ["view-claim", "claim-csv", "claim-pdf", "submitted"]:
        assert client.get(reverse(f"claims:{name}", args=[claim.pk])).status_code == 404, name
    response = client.post(
        reverse("claims:submit", args=[claim.pk]),
        {"submitter_email": "admin@southbank.test", "declaration": "on", "confirmed": "yes"},
    )
    assert response.status_code == 404
    with pytest.raises(NotFound):
        submit(southbank_admin, claim)
    claim.refresh_from_db()
    assert claim.is_draft


def test_users_without_a_claims_role_get_the_roles_message(tutor: User, staff: User) -> None:
    claim = amiras_claim(tutor)
    client = client_for(staff)
    for url in [
        reverse("claims:view-claim", args=[claim.pk]),
        reverse("claims:claim-csv", args=[claim.pk]),
        reverse("claims:history"),
    ]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Tutor/Teacher" in response.content.decode()
    response = client.post(
        reverse("claims:submit", args=[claim.pk]),
        {"submitter_email": "staff@northfield.test", "declaration": "on", "confirmed": "yes"},
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.is_draft


def test_the_warning_step_asks_the_action_which_checks_and_changes_nothing(
    tutor: User, tutor_client: Client
) -> None:
    claim = start_claim(tutor)
    claim_units(tutor, claim, "11721897", [1, 4, 7])
    claim_units(tutor, claim, "11808151", [10, 13, 16, 19, 22, 25, 28, 31, 34, 37])
    events = AuditEvent.objects.count()
    with pytest.raises(actions.SubmissionBlocked) as refused:
        actions.submit_claim(
            membership=membership_of(tutor),
            claim_id=claim.pk,
            submitter_email=tutor.email,
            declaration=True,
            acting_user=tutor,
            check_only=True,
        )
    assert refused.value.status == 409
    assert [e.message for e in refused.value.errors] == [
        "The centre needs 3 more unnamed unit entries for 03991: it has 10 and this claim uses 13",
        actions.BLOCKED_MESSAGE,
    ]
    response = tutor_client.post(
        reverse("claims:submit", args=[claim.pk]),
        {"submitter_email": "tutor@northfield.test", "declaration": "on"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    summary = page.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert "The centre needs 3 more unnamed unit entries" in summary
    assert "This claim cannot be submitted until the problems under" in summary
    claim.refresh_from_db()
    assert claim.is_draft and AuditEvent.objects.count() == events


def test_the_declaration_is_the_actions_to_require_not_the_forms(
    tutor: User, tutor_client: Client
) -> None:
    from claims.forms import SubmitClaimForm

    form = SubmitClaimForm({"submitter_email": "tutor@northfield.test"}, declaration=True)
    assert form.is_valid(), form.errors
    claim = amiras_claim(tutor)
    checked = actions.submit_claim(
        membership=membership_of(tutor),
        claim_id=claim.pk,
        submitter_email=tutor.email,
        declaration=True,
        acting_user=tutor,
        check_only=True,
    )
    assert checked.is_draft and checked.claim_number is None
    response = tutor_client.post(
        reverse("claims:submit", args=[claim.pk]), {"submitter_email": "tutor@northfield.test"}
    )
    assert response.status_code == 400
    assert 'id="id_declaration-error"' in response.content.decode()
