"""The moderator's review: outcomes per unit, by assessor and grade, per candidate and for the
whole claim; the feedback report; sending the claim on; and who may do any of it."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import actions as account_actions
from accounts.models import Approval, Centre, Membership, ModeratorAssignment, User
from audit.models import AuditEvent
from candidates import actions as candidate_actions
from catalogue.models import Qualification
from claims import transitions
from claims.models import Claim, ClaimStatus, UnitState
from claims.tests.helpers import start_claim
from common.errors import Conflict, DomainError, NotFound
from conftest import client_for
from moderation import actions
from moderation.models import FeedbackReport, OutcomeAction, ReviewOutcome

from .factories import claimed_unit, demo_claim, on_claim, submitted_claim

pytestmark = pytest.mark.django_db


def _buy_unnamed_entries(code: str, quantity: int) -> None:
    admin = User.objects.get(email="admin@northfield.test")
    candidate_actions.buy_unnamed_entries(
        membership=Membership.objects.get(user=admin),
        qualification_id=Qualification.objects.get(code=code).pk,
        quantity=quantity,
        acting_user=admin,
    )


@pytest.fixture
def graded_claim(moderator: User, ops: User) -> Claim:
    """A 05203 claim (graded units) moderated by the demo moderator: Jane Doe, three units, and
    Amira Khan on unnamed entries. Northfield submits 05203 with direct claim status in the
    demo; without it, the claim goes to the examiner-moderator assigned here."""
    centre = Centre.objects.get(number="12345")
    customer_service = Qualification.objects.get(code="05203")
    ModeratorAssignment.objects.create(
        moderator=moderator, centre=centre, qualification=customer_service
    )
    account_actions.set_direct_claim_status(
        approval_id=Approval.objects.get(centre=centre, qualification=customer_service).pk,
        direct=False,
        reason="Moderated from now on",
        acting_user=ops,
    )
    _buy_unnamed_entries("05203", 2)
    return submitted_claim(
        code="05203",
        candidates=[
            ("789012", [(1, "Merit", "TA"), (2, "Pass", "JB"), (3, "Merit", "TA")]),
            ("11721896", [(1, "Merit", "TA"), (4, "Distinction", "TA")]),
        ],
    )


# Unit outcomes


def test_accepting_a_unit_records_who_when_and_the_state(moderator: User) -> None:
    claim = demo_claim()
    unit = claimed_unit(claim, "11721896", 1)
    actions.record_unit_outcome(
        claim_id=claim.pk, claimed_unit_id=unit.pk, outcome="accept", acting_user=moderator
    )
    unit.refresh_from_db()
    assert unit.state == UnitState.ACCEPTED
    outcome = ReviewOutcome.objects.get(claim=claim)
    assert outcome.action == OutcomeAction.ACCEPT
    assert outcome.claimed_unit == unit and outcome.decided_by == moderator
    assert outcome.decided_at is not None
    assert AuditEvent.objects.filter(action="moderation.accept", actor=moderator).exists()


def test_withdrawing_a_unit_needs_a_reason_which_is_kept(moderator: User) -> None:
    claim = demo_claim()
    unit = claimed_unit(claim, "11721896", 4)
    with pytest.raises(DomainError, match="Enter the reason"):
        actions.record_unit_outcome(
            claim_id=claim.pk,
            claimed_unit_id=unit.pk,
            outcome="withdraw",
            reason="   ",
            acting_user=moderator,
        )
    actions.record_unit_outcome(
        claim_id=claim.pk,
        claimed_unit_id=unit.pk,
        outcome="withdraw",
        reason="Evidence missing",
        acting_user=moderator,
    )
    unit.refresh_from_db()
    assert unit.state == UnitState.WITHDRAWN
    assert unit.outcome_reason == "Evidence missing"
    assert ReviewOutcome.objects.get(claim=claim).reason == "Evidence missing"


def test_the_unit_page_shows_errors_beside_the_fields_and_keeps_the_input(
    moderator: User,
) -> None:
    claim = demo_claim()
    unit = claimed_unit(claim, "11721896", 4)
    response = client_for(moderator).post(
        reverse("moderation:unit", args=[claim.pk, unit.pk]), {"outcome": "withdraw"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Enter the reason" in text
    assert 'value="withdraw" checked' in text


def test_amending_a_grade_keeps_the_claimed_grade_and_accepting_restores_it(
    moderator: User, graded_claim: Claim
) -> None:
    unit = claimed_unit(graded_claim, "789012", 1)
    actions.record_unit_outcome(
        claim_id=graded_claim.pk,
        claimed_unit_id=unit.pk,
        outcome="amend",
        grade="Pass",
        reason="Criteria for Merit not met",
        acting_user=moderator,
    )
    unit.refresh_from_db()
    assert (unit.state, unit.grade, unit.original_grade) == (UnitState.AMENDED, "Pass", "Merit")
    outcome = ReviewOutcome.objects.get(claim=graded_claim)
    assert (outcome.grade_before, outcome.grade_after) == ("Merit", "Pass")

    actions.record_unit_outcome(
        claim_id=graded_claim.pk, claimed_unit_id=unit.pk, outcome="accept", acting_user=moderator
    )
    unit.refresh_from_db()
    assert (unit.state, unit.grade, unit.original_grade) == (UnitState.ACCEPTED, "Merit", "")


@pytest.mark.parametrize(
    ("grade", "reason", "message"),
    [
        ("Merit", "why", "The centre claimed Merit"),
        ("Excellent", "why", "Choose the grade"),
        ("Pass", "", "Enter the reason"),
    ],
)
def test_an_amendment_needs_a_different_valid_grade_and_a_reason(
    moderator: User, graded_claim: Claim, grade: str, reason: str, message: str
) -> None:
    unit = claimed_unit(graded_claim, "789012", 1)
    with pytest.raises(DomainError, match=message):
        actions.record_unit_outcome(
            claim_id=graded_claim.pk,
            claimed_unit_id=unit.pk,
            outcome="amend",
            grade=grade,
            reason=reason,
            acting_user=moderator,
        )


def test_an_ungraded_unit_cannot_be_amended(moderator: User) -> None:
    claim = demo_claim()
    unit = claimed_unit(claim, "11721896", 1)
    with pytest.raises(DomainError, match="not graded"):
        actions.record_unit_outcome(
            claim_id=claim.pk,
            claimed_unit_id=unit.pk,
            outcome="amend",
            grade="Merit",
            reason="why",
            acting_user=moderator,
        )


def test_withdrawing_by_assessor_and_grade_withdraws_exactly_those_units(
    moderator: User, graded_claim: Claim
) -> None:
    assessor_id = claimed_unit(graded_claim, "789012", 1).assessor_id
    count = actions.withdraw_assessor_grade(
        claim_id=graded_claim.pk,
        assessor_id=assessor_id,
        grade="Merit",
        reason="TA's Merit judgements are not supported",
        acting_user=moderator,
    )
    assert count == 3
    states = {
        (num, n): claimed_unit(graded_claim, num, n).state
        for num, n in [
            ("789012", 1),
            ("789012", 2),
            ("789012", 3),
            ("11721896", 1),
            ("11721896", 4),
        ]
    }
    assert states == {
        ("789012", 1): UnitState.WITHDRAWN,
        ("789012", 2): UnitState.CLAIMED,
        ("789012", 3): UnitState.WITHDRAWN,
        ("11721896", 1): UnitState.WITHDRAWN,
        ("11721896", 4): UnitState.CLAIMED,
    }
    outcome = ReviewOutcome.objects.get(claim=graded_claim)
    assert outcome.action == OutcomeAction.WITHDRAW_ASSESSOR_GRADE and outcome.units_affected == 3


def test_withdrawing_by_assessor_and_grade_through_the_claim_page(
    moderator: User, graded_claim: Claim
) -> None:
    assessor_id = claimed_unit(graded_claim, "789012", 2).assessor_id
    client = client_for(moderator)
    page = client.get(reverse("moderation:claim", args=[graded_claim.pk])).content.decode()
    assert f'value="{assessor_id}:Pass"' in page
    response = client.post(
        reverse("moderation:withdraw-assessor-grade", args=[graded_claim.pk]),
        {"assessor_grade": f"{assessor_id}:Pass", "reason": "Not supported"},
    )
    assert response.status_code == 302
    assert claimed_unit(graded_claim, "789012", 2).state == UnitState.WITHDRAWN
    response = client.post(
        reverse("moderation:withdraw-assessor-grade", args=[graded_claim.pk]),
        {"assessor_grade": "", "reason": ""},
    )
    assert response.status_code == 400
    assert "Choose the centre assessor and grade" in response.content.decode()


def test_withdrawing_a_candidate_withdraws_their_units_and_stops_further_outcomes(
    moderator: User,
) -> None:
    claim = demo_claim()
    amira = on_claim(claim, "11721896")
    actions.withdraw_candidate(
        claim_id=claim.pk,
        claim_candidate_id=amira.pk,
        reason="Work is not the candidate's own",
        acting_user=moderator,
    )
    amira.refresh_from_db()
    assert amira.withdrawn
    assert {u.state for u in amira.units.all()} == {UnitState.WITHDRAWN}
    with pytest.raises(Conflict, match="withdrawn"):
        actions.record_unit_outcome(
            claim_id=claim.pk,
            claimed_unit_id=claimed_unit(claim, "11721896", 1).pk,
            outcome="accept",
            acting_user=moderator,
        )
    assert claimed_unit(claim, "11721832", 1).state == UnitState.CLAIMED


def test_flagging_malpractice_keeps_the_reason(moderator: User) -> None:
    claim = demo_claim()
    chloe = on_claim(claim, "11721832")
    client = client_for(moderator)
    response = client.post(
        reverse("moderation:malpractice", args=[claim.pk, chloe.pk]), {"malpractice-reason": ""}
    )
    assert response.status_code == 400
    assert "Enter the reason" in response.content.decode()
    response = client.post(
        reverse("moderation:malpractice", args=[claim.pk, chloe.pk]),
        {"malpractice-reason": "Identical work to another candidate"},
    )
    assert response.status_code == 302
    chloe.refresh_from_db()
    assert chloe.malpractice
    outcome = ReviewOutcome.objects.get(claim=claim, action=OutcomeAction.MALPRACTICE)
    assert outcome.reason == "Identical work to another candidate"


# The whole claim


def test_withdrawing_the_whole_claim_emails_the_centre_the_report_once(
    moderator: User, tutor: User, django_capture_on_commit_callbacks: Any
) -> None:
    claim = demo_claim()
    actions.save_feedback(
        claim_id=claim.pk, feedback="Work not authenticated.", acting_user=moderator
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.withdraw_claim(
            claim_id=claim.pk, reason="No authentication statements", acting_user=moderator
        )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN and claim.withdrawn_at is not None
    assert claim.reference is None
    report = FeedbackReport.objects.get(claim=claim)
    assert report.issued_at is not None
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == f"Claim {claim.claim_number} withdrawn by the examiner-moderator"
    assert set(email.to) == {"tutor@northfield.test", "exams@northfield.test"}
    assert "No authentication statements" in email.body
    assert "Work not authenticated." in email.body
    assert "Centre number: 12345" in email.body
    page = client_for(tutor).get(reverse("moderation:centre-moderator-report", args=[claim.pk]))
    assert "Whole claim withdrawn" in page.content.decode()


def test_send_to_awarding_body_needs_the_feedback_report(moderator: User) -> None:
    claim = demo_claim()
    client = client_for(moderator)
    response = client.post(reverse("moderation:send", args=[claim.pk]))
    assert response.status_code == 400
    assert "Write the feedback report before sending the claim" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED


def test_sending_finalises_with_a_reference_accepts_the_rest_and_emails_the_centre(
    moderator: User, django_capture_on_commit_callbacks: Any
) -> None:
    claim = demo_claim()
    actions.save_feedback(claim_id=claim.pk, feedback="Good.", acting_user=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.FINALISED
    assert claim.reference == f"R{claim.claim_number}"
    assert claim.finalised_at is not None
    assert {u.state for u in claim.candidates.get(candidate__number="11721896").units.all()} == {
        UnitState.ACCEPTED
    }
    assert ReviewOutcome.objects.get(claim=claim).action == OutcomeAction.ACCEPT_REMAINING
    assert [m.subject for m in mail.outbox] == [
        f"Claim {claim.claim_number} sent to OCR: reference {claim.reference}"
    ]
    assert AuditEvent.objects.filter(action="claim.finalised", object_id=str(claim.pk)).exists()


def test_the_awarding_body_name_comes_from_settings(
    moderator: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.AWARDING_BODY_NAME = "Acme Awards"
    claim = demo_claim()
    page = client_for(moderator).get(reverse("moderation:send", args=[claim.pk]))
    assert "Send claim" in page.content.decode() and "to Acme Awards" in page.content.decode()
    actions.save_feedback(claim_id=claim.pk, feedback="Good.", acting_user=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)
    assert "sent to Acme Awards" in mail.outbox[0].subject


# Illegal moves and people who may not make them


def _every_moderator_action(claim: Claim) -> list[Callable[[User], Any]]:
    unit = claimed_unit(claim, "11721896", 1)
    amira = on_claim(claim, "11721896")
    return [
        lambda u: actions.request_sample(
            claim_id=claim.pk, claim_candidate_ids=[amira.pk], acting_user=u
        ),
        lambda u: actions.record_unit_outcome(
            claim_id=claim.pk, claimed_unit_id=unit.pk, outcome="accept", acting_user=u
        ),
        lambda u: actions.accept_candidate_units(
            claim_id=claim.pk, claim_candidate_id=amira.pk, acting_user=u
        ),
        lambda u: actions.withdraw_assessor_grade(
            claim_id=claim.pk, assessor_id=unit.assessor_id, grade="", reason="x", acting_user=u
        ),
        lambda u: actions.withdraw_candidate(
            claim_id=claim.pk, claim_candidate_id=amira.pk, reason="x", acting_user=u
        ),
        lambda u: actions.flag_malpractice(
            claim_id=claim.pk, claim_candidate_id=amira.pk, reason="x", acting_user=u
        ),
        lambda u: actions.save_feedback(claim_id=claim.pk, feedback="x", acting_user=u),
        lambda u: actions.withdraw_claim(claim_id=claim.pk, reason="x", acting_user=u),
        lambda u: actions.send_to_awarding_body(claim_id=claim.pk, acting_user=u),
    ]


@pytest.mark.parametrize("who", ["tutor", "centre_admin", "southbank_admin", "verifier", "ops"])
def test_nobody_but_the_claims_moderator_may_take_a_moderator_action(
    who: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(who)
    claim = demo_claim()
    for act in _every_moderator_action(claim):
        with pytest.raises(NotFound):
            act(user)
    assert not ReviewOutcome.objects.filter(claim=claim).exists()
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED


def test_a_moderator_of_another_centre_is_refused(moderator: User) -> None:
    elsewhere = User.objects.create_user("m2@awarding.test", "x" * 12, full_name="M Two")
    ModeratorAssignment.objects.filter(centre__number="67890").update(moderator=elsewhere)
    claim = demo_claim()
    for act in _every_moderator_action(claim):
        with pytest.raises(NotFound):
            act(elsewhere)
    client = client_for(elsewhere)
    assert client.get(reverse("moderation:claim", args=[claim.pk])).status_code == 404
    assert str(claim.claim_number) not in client.get(reverse("moderation:queue")).content.decode()


def _review_pages(claim: Claim, evidence_id: int) -> list[str]:
    unit = claimed_unit(claim, "11721896", 1)
    amira = on_claim(claim, "11721896")
    return [
        reverse("moderation:claim", args=[claim.pk]),
        reverse("moderation:candidate", args=[claim.pk, amira.pk]),
        reverse("moderation:unit", args=[claim.pk, unit.pk]),
        reverse("moderation:sample", args=[claim.pk]),
        reverse("moderation:feedback", args=[claim.pk]),
        reverse("moderation:send", args=[claim.pk]),
        reverse("moderation:evidence-file", args=[evidence_id]),
    ]


def test_a_reassigned_claim_leaves_its_old_moderator_and_reaches_the_new_one_at_once(
    moderator: User, tutor: User
) -> None:
    claim = demo_claim()
    evidence = actions.upload_evidence(
        membership=tutor.memberships.get(),
        claim_id=claim.pk,
        claim_candidate_id=on_claim(claim, "11721896").pk,
        upload=SimpleUploadedFile("work.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        acting_user=tutor,
    )
    pages = _review_pages(claim, evidence.pk)
    before = client_for(moderator)
    assert [before.get(url).status_code for url in pages] == [200] * len(pages)

    successor = User.objects.create_user("m3@awarding.test", "x" * 12, full_name="M Three")
    moved = ModeratorAssignment.objects.filter(
        centre_id=claim.centre_id, qualification_id=claim.qualification_id
    ).update(moderator=successor)
    assert moved == 1

    assert [before.get(url).status_code for url in pages] == [404] * len(pages)
    assert str(claim.claim_number) not in before.get(reverse("moderation:queue")).content.decode()
    for act in _every_moderator_action(claim):
        with pytest.raises(NotFound):
            act(moderator)
    assert not ReviewOutcome.objects.filter(claim=claim).exists()

    after = client_for(successor)
    assert [after.get(url).status_code for url in pages] == [200] * len(pages)
    assert str(claim.claim_number) in after.get(reverse("moderation:queue")).content.decode()
    *changes, withdraw, send = _every_moderator_action(claim)
    for act in [*changes, send]:
        act(successor)
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.FINALISED
    with pytest.raises(Conflict):  # the claim has been sent: theirs, but no longer open
        withdraw(successor)


@pytest.mark.parametrize(
    "after", ["finalised", "withdrawn"], ids=["after Finalised", "after Withdrawn"]
)
def test_once_the_claim_has_left_the_moderator_nothing_can_change_it(
    moderator: User, after: str
) -> None:
    claim = demo_claim()
    actions.save_feedback(claim_id=claim.pk, feedback="x", acting_user=moderator)
    if after == "finalised":
        actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)
    else:
        actions.withdraw_claim(claim_id=claim.pk, reason="x", acting_user=moderator)
    for act in _every_moderator_action(claim):
        with pytest.raises(Conflict):
            act(moderator)


def test_finalising_a_withdrawn_claim_is_refused_by_the_transitions(moderator: User) -> None:
    claim = demo_claim()
    actions.withdraw_claim(claim_id=claim.pk, reason="x", acting_user=moderator)
    from django.db import transaction

    with (
        pytest.raises(Conflict, match="Withdrawn cannot become Finalised"),
        transaction.atomic(),
    ):
        locked = transitions.lock(claim.pk)
        transitions.move(locked, to=ClaimStatus.FINALISED, acting_user=moderator)


def test_a_draft_claim_is_not_the_moderators(moderator: User, tutor: User) -> None:
    draft = start_claim(tutor)
    client = client_for(moderator)
    assert client.get(reverse("moderation:claim", args=[draft.pk])).status_code == 404
    with pytest.raises(NotFound):
        actions.save_feedback(claim_id=draft.pk, feedback="x", acting_user=moderator)


@pytest.mark.parametrize("who", ["tutor", "southbank_admin", "staff", "verifier", "ops"])
def test_moderation_pages_are_not_found_for_everyone_else(
    who: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(who)
    claim = demo_claim()
    unit = claimed_unit(claim, "11721896", 1)
    amira = on_claim(claim, "11721896")
    client = client_for(user)
    for url in [
        reverse("moderation:queue"),
        reverse("moderation:claim", args=[claim.pk]),
        reverse("moderation:sample", args=[claim.pk]),
        reverse("moderation:candidate", args=[claim.pk, amira.pk]),
        reverse("moderation:unit", args=[claim.pk, unit.pk]),
        reverse("moderation:feedback", args=[claim.pk]),
        reverse("moderation:send", args=[claim.pk]),
        reverse("moderation:withdraw-claim", args=[claim.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("moderation:send", args=[claim.pk])).status_code == 404
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED


def test_a_claim_of_twenty_candidates_is_offered_a_sample_of_fifteen_covering_every_assessor(
    moderator: User,
) -> None:
    from datetime import date

    from candidates.models import Candidate

    centre = Centre.objects.get(number="12345")
    numbers = [f"9000{n:02d}" for n in range(20)]
    for n, number in enumerate(numbers):
        Candidate.objects.create(
            centre=centre,
            number=number,
            first_name="Test",
            last_name=f"Candidate {n:02d}",
            date_of_birth=date(2000, 1, 1),
        )
    _buy_unnamed_entries("03991", 10)  # the demo's 10 and these make one for each candidate
    # One candidate alone has assessor RR: the sample must include them.
    claim = submitted_claim(
        candidates=[(number, [(1, "", "RR" if number == "900013" else "TA")]) for number in numbers]
    )
    page = client_for(moderator).get(reverse("moderation:sample", args=[claim.pk]))
    text = page.content.decode()
    assert "so the sample is 15 of them" in text
    assert text.count(" checked>") == 15
    rare = on_claim(claim, "900013")
    assert f'value="{rare.pk}" checked' in text


def test_a_change_the_claim_no_longer_allows_answers_409_with_the_reason(
    moderator: User,
) -> None:
    claim = demo_claim()
    amira = on_claim(claim, "11721896")
    client = client_for(moderator)
    withdraw = reverse("moderation:withdraw-candidate", args=[claim.pk, amira.pk])
    assert client.post(withdraw, {"withdraw-reason": "No evidence"}).status_code == 302
    again = client.post(withdraw, {"withdraw-reason": "No evidence"})
    assert again.status_code == 409
    assert "Amira Khan is already withdrawn" in again.content.decode()
    actions.save_feedback(claim_id=claim.pk, feedback="x", acting_user=moderator)
    actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)
    resent = client.post(reverse("moderation:send", args=[claim.pk]))
    assert resent.status_code == 409
    assert "the examiner-moderator can no longer change it" in resent.content.decode()
