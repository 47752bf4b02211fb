"""Malpractice is a case: flagging a candidate holds their results and award from the claim
until operations close the case, not upheld (released and processed) or upheld (not accepted,
a sanction noted, an award that claim issued withdrawn); each step audited and emailed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from candidates.models import AchievedUnit, Award
from claims.models import Claim, ClaimCandidate, ClaimedUnit, ClaimStatus, UnitState
from common.errors import Conflict, DomainError, PermissionRefused
from conftest import client_for
from moderation import actions as moderation_actions
from moderation.models import MalpracticeCase
from notifications.models import OutboxMessage
from results import actions

from . import factories as f

pytestmark = pytest.mark.django_db

AMIRA = "11721896"
CHLOE = "11721832"
REASON = "Work copied from another candidate"


def achieved(number: str) -> list[int]:
    return sorted(
        AchievedUnit.objects.filter(candidate__number=number).values_list("unit__number", flat=True)
    )


def awarded(number: str) -> bool:
    return Award.objects.standing().filter(candidate__number=number).exists()


def _flag(claim: Claim, who: str) -> MalpracticeCase:
    on_claim = ClaimCandidate.objects.get(claim=claim, candidate__number=who)
    moderation_actions.flag_malpractice(
        claim_id=claim.pk, claim_candidate_id=on_claim.pk, reason=REASON, acting_user=f.moderator()
    )
    return MalpracticeCase.objects.get(claim_candidate=on_claim)


def _claim_with_amira_flagged() -> tuple[Claim, MalpracticeCase]:
    """Amira (units 1, 4 and 7: a full award of 03991) flagged with her units left unreviewed,
    and Chloe; sent on as the moderator does."""
    claim = f.claim()
    f.add(claim, AMIRA, [1, 4, 7])
    f.add(claim, CHLOE, [1, 4])
    f.submit(claim)
    case = _flag(claim, AMIRA)
    return f.finalise(claim), case


def _close(case: MalpracticeCase, outcome: str, sanction: str = "") -> actions.ClosedCase:
    return actions.close_case(
        case_id=case.pk, outcome=outcome, sanction=sanction, acting_user=f.ops()
    )


def test_flagging_opens_a_case_that_is_audited_and_emailed(demo: None) -> None:
    claim = f.submit(_two_candidates())
    case = _flag(claim, AMIRA)
    assert case.is_open and case.reason == REASON and case.opened_by == f.moderator()
    assert case.claim_candidate.malpractice
    event = AuditEvent.objects.get(action="moderation.malpractice")
    assert event.object_type == "moderation.malpracticecase" and event.object_id == str(case.pk)
    to_operations = OutboxMessage.objects.get(key=f"malpractice-opened-operations:{case.pk}")
    assert REASON in to_operations.body
    to_centre = OutboxMessage.objects.get(key=f"malpractice-opened-centre:{case.pk}")
    assert "Results held: malpractice case open" in to_centre.body
    assert REASON not in to_centre.body  # the centre reads a neutral line


def _two_candidates() -> Claim:
    claim = f.claim()
    f.add(claim, AMIRA, [1, 4, 7])
    f.add(claim, CHLOE, [1, 4])
    return claim


def test_a_flagged_candidate_with_units_unreviewed_gets_nothing_until_not_upheld(
    demo: None,
) -> None:
    claim, case = _claim_with_amira_flagged()
    f.process(claim)
    assert achieved(AMIRA) == [] and not awarded(AMIRA)
    assert achieved(CHLOE) == [1, 4]

    closed = _close(case, actions.NOT_UPHELD)

    assert achieved(AMIRA) == [1, 4, 7] and awarded(AMIRA)
    assert closed.units_released == 3 and closed.award_issued
    award = Award.objects.get(candidate__number=AMIRA)
    assert award.claim_id == claim.pk
    case.refresh_from_db()
    assert case.status == MalpracticeCase.Status.NOT_UPHELD and case.closed_by == f.ops()
    assert not ClaimCandidate.objects.get(pk=case.claim_candidate_id).malpractice
    assert AuditEvent.objects.filter(action="malpractice.not_upheld", object_id=str(case.pk))
    email = OutboxMessage.objects.get(key=f"malpractice-closed:{case.pk}")
    assert "not upheld" in email.body and f.moderator().email in email.to


def test_released_before_processing_the_candidate_is_processed_with_the_claim(
    demo: None,
) -> None:
    claim, case = _claim_with_amira_flagged()
    assert _close(case, actions.NOT_UPHELD).units_released == 0
    f.process(claim)
    assert achieved(AMIRA) == [1, 4, 7] and awarded(AMIRA)


def test_a_claim_whose_only_candidate_is_held_is_processed_and_the_results_follow(
    demo: None,
) -> None:
    claim = f.claim()
    f.add(claim, AMIRA, [1, 4, 7])
    f.submit(claim)
    case = _flag(claim, AMIRA)
    f.process(f.finalise(claim))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PROCESSED and achieved(AMIRA) == []
    _close(case, actions.NOT_UPHELD)
    assert achieved(AMIRA) == [1, 4, 7]


def test_upheld_the_units_are_not_accepted_and_the_sanction_noted(demo: None) -> None:
    claim, case = _claim_with_amira_flagged()
    f.process(claim)
    closed = _close(case, actions.UPHELD, sanction="Candidate barred for one year")
    assert not closed.award_withdrawn
    states = set(
        ClaimedUnit.objects.filter(claim_candidate=case.claim_candidate).values_list(
            "state", flat=True
        )
    )
    assert states == {UnitState.NOT_ACCEPTED}
    case.refresh_from_db()
    assert case.status == MalpracticeCase.Status.UPHELD
    assert case.sanction == "Candidate barred for one year"
    assert achieved(AMIRA) == [] and not awarded(AMIRA)
    email = OutboxMessage.objects.get(key=f"malpractice-closed:{case.pk}")
    assert "upheld" in email.body and "Candidate barred for one year" in email.body


def test_upheld_an_award_already_issued_from_that_claim_is_withdrawn(demo: None) -> None:
    # A candidate flagged before results were held: the claim was processed and gave them
    # their units and the full award.
    claim = _two_candidates()
    f.process(f.finalise(claim))
    assert awarded(AMIRA)
    on_claim = ClaimCandidate.objects.get(claim=claim, candidate__number=AMIRA)
    ClaimCandidate.objects.filter(pk=on_claim.pk).update(malpractice=True)
    case = MalpracticeCase.objects.create(
        claim=claim,
        claim_candidate=on_claim,
        reason=REASON,
        opened_at=timezone.now(),
        opened_by=f.moderator(),
    )

    closed = _close(case, actions.UPHELD, sanction="Certificate withdrawn")

    assert closed.award_withdrawn
    award = Award.objects.get(candidate__number=AMIRA)
    assert award.withdrawn_at is not None and "Certificate withdrawn" in award.withdrawn_reason
    assert not awarded(AMIRA) and achieved(AMIRA) == []
    assert achieved(CHLOE) == [1, 4]
    assert AuditEvent.objects.filter(action="award.withdrawn", object_id=str(award.pk)).exists()
    assert AuditEvent.objects.filter(action="results.units_removed").exists()
    assert "withdrawn" in OutboxMessage.objects.get(key=f"malpractice-closed:{case.pk}").body


def test_closing_a_case_is_refused_when_it_cannot_be_decided(demo: None) -> None:
    claim = f.submit(_two_candidates())
    case = _flag(claim, AMIRA)
    with pytest.raises(Conflict, match="still with the examiner-moderator"):
        _close(case, actions.NOT_UPHELD)
    f.finalise(claim)
    with pytest.raises(DomainError, match="Enter the sanction") as refused:
        _close(case, actions.UPHELD)
    assert refused.value.field == "sanction"
    with pytest.raises(PermissionRefused):
        actions.close_case(case_id=case.pk, outcome=actions.NOT_UPHELD, acting_user=f.moderator())
    case.refresh_from_db()
    assert case.is_open and case.claim_candidate.malpractice
    _close(case, actions.NOT_UPHELD)
    with pytest.raises(Conflict, match="already closed"):
        _close(case, actions.UPHELD, sanction="Too late")


# Pages


def test_send_to_ocr_lists_the_held_candidates(demo: None) -> None:
    claim = f.submit(_two_candidates())
    _flag(claim, AMIRA)
    page = client_for(f.moderator()).get(reverse("moderation:send", args=[claim.pk]))
    text = page.content.decode()
    assert "Results held: malpractice case open" in text
    assert "Amira Khan (11721896)" in text
    assert "3 units held" in text
    assert 'Units still to review</dt><dd class="govuk-summary-list__value">2 (' in text


def test_operations_list_open_and_closed_cases_in_constant_queries(demo: None) -> None:
    _claim, case = _claim_with_amira_flagged()
    client = client_for(f.ops())
    url = reverse("results:malpractice-cases")
    page = client.get(url).content.decode()
    assert "Amira Khan" in page and "Results held" in page
    assert "Amira Khan" not in client.get(url + "?shown=closed").content.decode()
    _close(case, actions.NOT_UPHELD)
    assert "Not upheld" in client.get(url + "?shown=closed").content.decode()
    assert client_for(f.moderator()).get(url).status_code in (403, 404)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(url + "?shown=closed")
        return len(captured)

    before = queries()
    other = f.claim()
    f.add(other, "10050901", [1, 4])
    f.submit(other)
    second = _flag(other, "10050901")
    f.finalise(other)
    _close(second, actions.NOT_UPHELD)
    assert queries() == before


def test_the_case_page_records_the_outcome(demo: None) -> None:
    _claim, case = _claim_with_amira_flagged()
    client = client_for(f.ops())
    url = reverse("results:malpractice-case", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200 and REASON in page.content.decode()
    refused = client.post(url, {"outcome": "upheld", "sanction": ""})
    assert refused.status_code == 400
    assert "Enter the sanction" in refused.content.decode()
    case.refresh_from_db()
    assert case.is_open
    done = client.post(url, {"outcome": "upheld", "sanction": "Barred for a year"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == MalpracticeCase.Status.UPHELD
    assert client_for(f.moderator()).get(url).status_code in (403, 404)


def test_the_centre_sees_results_held_then_the_outcome_never_the_reason(demo: None) -> None:
    claim, case = _claim_with_amira_flagged()
    f.process(claim)
    tutor = client_for(f._centre_user(claim)[0])
    results = tutor.get(reverse("results:list")).content.decode()
    assert "Results held: malpractice case open" in results and REASON not in results
    view = tutor.get(reverse("claims:view-claim", args=[claim.pk])).content.decode()
    assert "Results held: malpractice case open for Amira Khan (11721896)" in view
    candidate = tutor.get(reverse("claims:candidate-claim", args=[claim.pk, AMIRA]))
    assert "Results held: malpractice case open" in candidate.content.decode()
    _close(case, actions.UPHELD, sanction="Barred for a year")
    results = tutor.get(reverse("results:list")).content.decode()
    assert "Malpractice case upheld: units not accepted" in results
    assert "Barred for a year" in results
    view = tutor.get(reverse("claims:view-claim", args=[claim.pk])).content.decode()
    assert "Results held" not in view
