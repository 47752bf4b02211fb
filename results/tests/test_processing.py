"""Processing a claim: which units become results, awards issued once, and what is refused."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import Centre, User
from audit.models import AuditEvent
from candidates.models import AchievedUnit, Award
from catalogue.models import Rule, RuleKind
from claims import transitions
from claims.models import CentreAssessor, Claim, ClaimCandidate, ClaimedUnit, ClaimStatus, UnitState
from common.errors import Conflict, PermissionRefused
from moderation import actions as moderation_actions
from results import actions, tasks

from . import factories as f

pytestmark = pytest.mark.django_db

AMIRA = "11721896"
BEN = "10050901"
CHLOE = "11721832"
JANE = "789012"


def achieved(number: str, code: str = "03991") -> list[int]:
    return sorted(
        AchievedUnit.objects.filter(
            candidate__number=number, unit__qualification__code=code
        ).values_list("unit__number", flat=True)
    )


def awarded(number: str, code: str = "03991") -> bool:
    return Award.objects.filter(candidate__number=number, qualification__code=code).exists()


def _claim_in_every_state() -> Claim:
    """A Finalised claim holding a unit in each state, written as rows and moved on through the
    transitions alone. No claim reaches this through the actions: sending a claim on accepts
    every unit left Claimed or To review, and only graded units are amended, while 03991's are
    not graded; yet processing must judge each state on its own."""
    centre = Centre.objects.get(number="12345")
    itq = f.qualification()
    by, _ = CentreAssessor.objects.get_or_create(
        centre=centre, initials="RA", defaults={"name": "Results Assessor"}
    )
    claim = Claim.objects.create(
        centre=centre, qualification=itq, created_by=f.ops(), claim_number=90001
    )
    on_claim = ClaimCandidate.objects.create(claim=claim, candidate=f.candidate(AMIRA))
    units = {u.number: u for u in itq.units.all()}
    for number, state, body in [
        (1, UnitState.CLAIMED, ""),
        (4, UnitState.ACCEPTED, ""),
        (7, UnitState.OTHER_AB, "AGA"),
        (10, UnitState.AMENDED, ""),
        (13, UnitState.NOT_ACCEPTED, ""),
    ]:
        ClaimedUnit.objects.create(
            claim_candidate=on_claim,
            unit=units[number],
            assessor=by,
            state=state,
            awarding_body=body,
            date_claimed=date(2026, 11, 2),
        )
    for status in (ClaimStatus.SUBMITTED, ClaimStatus.FINALISED):
        with transaction.atomic():
            transitions.move(transitions.lock(claim.pk), to=status, acting_user=None)
    return claim


def test_counting_states_become_results_and_not_accepted_does_not(demo: None) -> None:
    claim = _claim_in_every_state()
    outcome = f.process(claim)

    assert achieved(AMIRA) == [1, 4, 7, 10]
    assert len(outcome.achieved) == 4
    transferred = AchievedUnit.objects.get(candidate__number=AMIRA, unit__number=7)
    assert transferred.other_awarding_body == "AGA"
    assert transferred.claim_id == claim.pk
    assert (
        AchievedUnit.objects.get(candidate__number=AMIRA, unit__number=1).other_awarding_body == ""
    )


def test_the_grade_is_the_claimed_grade_including_an_amended_one(demo: None) -> None:
    f.moderated("05203")
    claim = f.claim("05203")
    f.add(claim, JANE, [1], grade="Distinction")
    f.add(claim, JANE, [2], grade="Distinction")
    f.submit(claim)
    f.accept(claim, JANE, [1])
    f.amend(claim, JANE, 2, "Merit")
    f.process(f.finalise(claim))
    grades = dict(
        AchievedUnit.objects.filter(candidate__number=JANE).values_list("unit__number", "grade")
    )
    assert grades == {1: "Distinction", 2: "Merit"}


def test_a_withdrawn_candidate_gets_no_results(demo: None) -> None:
    claim = f.claim()
    f.add(claim, AMIRA, [1, 4, 7])
    f.add(claim, CHLOE, [1, 4, 13])
    f.withdraw_candidate(f.submit(claim), CHLOE)
    f.process(f.finalise(claim))
    assert achieved(AMIRA) == [1, 4, 7]
    assert achieved(CHLOE) == []
    assert awarded(AMIRA) and not awarded(CHLOE)


def test_units_already_achieved_stay_as_they_were(demo: None) -> None:
    # An achieved unit cannot be claimed again; it becomes achieved meanwhile when it is on
    # two claims submitted before either is processed.
    first = f.claim()
    f.add(first, AMIRA, [1])
    f.submit(first)
    claim = f.claim()
    f.add(claim, AMIRA, [1, 4])
    f.submit(claim)
    f.process(f.finalise(first))
    earlier = AchievedUnit.objects.get(candidate__number=AMIRA, unit__number=1)
    outcome = f.process(f.finalise(claim))

    assert outcome.already_achieved == 1
    assert AchievedUnit.objects.filter(candidate__number=AMIRA, unit__number=1).count() == 1
    kept = AchievedUnit.objects.get(pk=earlier.pk)
    assert (kept.claim_id, kept.published_at) == (earlier.claim_id, earlier.published_at)
    assert achieved(AMIRA) == [1, 4]


def test_the_award_is_issued_once_and_only_when_the_rules_are_met(demo: None) -> None:
    f.processed({AMIRA: [1, 4]})
    assert achieved(AMIRA) == [1, 4] and not awarded(AMIRA)

    # Unit 7 brings her to 9 credits: the award is issued with these results.
    outcome = f.processed({AMIRA: [7]})
    award = Award.objects.get(candidate__number=AMIRA)
    assert [a.pk for a in outcome.awards] == [award.pk]
    assert award.published_at == outcome.published_at

    # A later claim adds units but never a second award.
    f.processed({AMIRA: [10]})
    assert Award.objects.filter(candidate__number=AMIRA).count() == 1
    assert Award.objects.get(candidate__number=AMIRA).issued_at == award.issued_at


def test_the_award_uses_units_achieved_in_earlier_claims(demo: None) -> None:
    # Ben achieved unit 1 in claim 78103; units 4 and 7 complete 9 credits.
    f.processed({BEN: [4, 7]})
    assert awarded(BEN)


def test_a_barred_combination_counts_once(demo: None) -> None:
    # Units 1, 2 and 3 are one topic at three levels: only unit 3 (5 credits) counts, so 5 + 3.
    f.processed({AMIRA: [1, 2, 3, 4]})
    assert achieved(AMIRA) == [1, 2, 3, 4]
    assert not awarded(AMIRA)


def test_units_from_another_awarding_body_are_flagged_to_the_rules(demo: None) -> None:
    itq = f.qualification()
    Rule.objects.create(qualification=itq, kind=RuleKind.MAX_OTHER_AB_CREDITS, value=3)
    claim = f.claim()
    f.add(claim, AMIRA, [1])
    f.add(claim, AMIRA, [4, 7], awarding_body="AGA")
    # Without the flag 9 credits would meet the rules; with it only 3 of the 6 transferred count.
    f.add(claim, CHLOE, [1, 4])
    f.add(claim, CHLOE, [13], awarding_body="AGA")
    f.process(f.finalise(claim))
    assert achieved(AMIRA) == [1, 4, 7]
    assert not awarded(AMIRA)
    assert awarded(CHLOE)


def test_results_are_published_after_the_delay(demo: None) -> None:
    moment = timezone.make_aware(datetime(2026, 11, 23, 9, 0))
    with (
        time_machine.travel(moment, tick=False),
        override_settings(RESULTS_DELAY=timedelta(hours=48)),
    ):
        outcome = f.processed({AMIRA: [1, 4, 7]})
    assert outcome.published_at == moment + timedelta(hours=48)
    assert {a.published_at for a in AchievedUnit.objects.filter(claim=outcome.claim)} == {
        moment + timedelta(hours=48)
    }
    unit = AchievedUnit.objects.filter(claim=outcome.claim).first()
    assert unit is not None and unit.achieved_at == moment
    assert Award.objects.get(candidate__number=AMIRA).published_at == moment + timedelta(hours=48)


def test_processing_is_audited(demo: None) -> None:
    outcome = f.processed({AMIRA: [1, 4, 7], BEN: [4]})
    claim = outcome.claim
    actions_seen = set(
        AuditEvent.objects.filter(centre=claim.centre).values_list("action", flat=True)
    )
    assert {"claim.processed", "results.recorded", "results.units_achieved", "award.issued"} <= (
        actions_seen
    )
    amira = f.candidate(AMIRA)
    event = AuditEvent.objects.get(action="results.units_achieved", object_id=str(amira.pk))
    assert event.changes["units"] == [1, 4, 7]
    assert event.changes["claim_number"] == claim.claim_number
    assert event.actor == f.ops()
    award = Award.objects.get(candidate=amira)
    assert AuditEvent.objects.filter(
        action="award.issued", object_type="candidates.award", object_id=str(award.pk)
    ).exists()
    summary = AuditEvent.objects.get(action="results.recorded", object_id=str(claim.pk))
    assert summary.changes["achieved_units"] == 4
    assert summary.changes["awards"] == 1


@pytest.mark.parametrize(
    "status", [ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.WITHDRAWN]
)
def test_only_a_finalised_claim_can_be_processed(demo: None, status: ClaimStatus) -> None:
    claim = f.claim()
    f.add(claim, AMIRA, [1, 4, 7])
    if status != ClaimStatus.DRAFT:
        f.submit(claim)
    if status == ClaimStatus.WITHDRAWN:
        moderation_actions.withdraw_claim(claim_id=claim.pk, reason="x", acting_user=f.moderator())
    before = Claim.objects.get(pk=claim.pk).status
    with pytest.raises(Conflict):
        f.process(claim)
    assert Claim.objects.get(pk=claim.pk).status == before
    assert achieved(AMIRA) == []


def test_a_processed_claim_cannot_be_processed_again(demo: None) -> None:
    outcome = f.processed({AMIRA: [1, 4]})
    with pytest.raises(Conflict):
        f.process(outcome.claim)
    assert AchievedUnit.objects.filter(claim=outcome.claim).count() == 2


def test_a_claim_with_every_unit_withdrawn_stays_finalised(demo: None) -> None:
    claim = f.claim()
    f.add(claim, AMIRA, [1, 4])
    f.add(claim, CHLOE, [1, 4, 13])
    f.submit(claim)
    f.withdraw_units(claim, AMIRA, [1, 4])
    f.withdraw_candidate(claim, CHLOE)
    f.finalise(claim)
    with pytest.raises(Conflict, match="stays Finalised"):
        f.process(claim)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.FINALISED
    assert claim.processed_at is None
    assert not AchievedUnit.objects.filter(claim=claim).exists()
    assert not AuditEvent.objects.filter(action="claim.processed", object_id=str(claim.pk)).exists()


def test_only_operations_or_the_job_process_claims(demo: None, tutor: User) -> None:
    claim = f.claim()
    f.add(claim, AMIRA, [1])
    f.finalise(claim)
    with pytest.raises(PermissionRefused):
        actions.process_claim(claim_id=claim.pk, acting_user=tutor)
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.FINALISED
    actions.process_claim(claim_id=claim.pk, acting_user=None)
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PROCESSED


def test_record_results_needs_a_processed_claim(demo: None) -> None:
    claim = f.claim()
    f.add(claim, AMIRA, [1])
    f.finalise(claim)
    with transaction.atomic(), pytest.raises(Conflict):
        actions.record_results(claim_id=claim.pk, acting_user=None)
    assert achieved(AMIRA) == []


@pytest.mark.django_db(transaction=True)
def test_record_results_needs_the_callers_transaction(demo: None) -> None:
    claim = f.claim()
    f.add(claim, AMIRA, [1])
    f.finalise(claim)
    with pytest.raises(RuntimeError):
        actions.record_results(claim_id=claim.pk, acting_user=None)


def test_the_job_processes_every_finalised_claim_with_results(demo: None) -> None:
    ready = f.claim()
    f.add(ready, AMIRA, [1, 4, 7])
    f.finalise(ready)
    nothing = f.claim()
    f.add(nothing, CHLOE, [1])
    f.withdraw_units(f.submit(nothing), CHLOE, [1])
    f.finalise(nothing)
    draft = f.claim()
    f.add(draft, BEN, [4])

    result = tasks.process_finalised_claims.enqueue()
    assert result.return_value == 1
    statuses = dict(Claim.objects.values_list("pk", "status"))
    assert statuses[ready.pk] == ClaimStatus.PROCESSED
    assert statuses[nothing.pk] == ClaimStatus.FINALISED
    assert statuses[draft.pk] == ClaimStatus.DRAFT
    assert awarded(AMIRA)
    assert AuditEvent.objects.get(action="claim.processed", object_id=str(ready.pk)).actor is None

    # Run again: nothing left to do, nothing doubled.
    assert tasks.process_finalised_claims.enqueue().return_value == 0
    assert AchievedUnit.objects.filter(claim=ready).count() == 3


def test_the_task_for_one_claim_processes_it(demo: None) -> None:
    claim = f.claim()
    f.add(claim, AMIRA, [1, 4])
    f.finalise(claim)
    assert tasks.process_claim.enqueue(claim.pk).return_value == 2
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PROCESSED


def test_processing_a_large_claim_keeps_queries_per_batch(
    demo: None, django_assert_max_num_queries
) -> None:
    from candidates.models import Candidate

    claim = f.claim()
    people = Candidate.objects.bulk_create(
        Candidate(
            centre=claim.centre,
            number=f"4{n:07d}",
            first_name="Bulk",
            last_name=f"Candidate{n}",
            date_of_birth="2000-01-01",
        )
        for n in range(60)
    )
    for person in people:
        f.add(claim, person, [1, 4, 7])
    f.finalise(claim)
    # Lock, move + audit, counting check, units, rules, grading rules (points, thresholds,
    # conditions: once per claim), candidate ids, one batch (its certificates seven queries of
    # it), summary audit.
    with django_assert_max_num_queries(30):
        outcome = f.process(claim)
    assert len(outcome.achieved) == 180
    assert len(outcome.awards) == 60
    assert len(outcome.certificates) == 60


def test_the_award_carries_the_grade_the_unit_grades_give(demo: None) -> None:
    # 05203 in the demo: points a credit 7/8/9 over the best 16 credits; Merit from 120 points,
    # Distinction from 132 with both mandatory units at Merit or above.
    f.moderated("05203")
    claim = f.claim("05203")
    f.add(claim, JANE, [1, 2], grade="Merit")
    f.add(claim, JANE, [3], grade="Distinction")
    f.add(claim, JANE, [4], grade="Pass")
    f.submit(claim)
    f.amend(claim, JANE, 4, "Distinction")
    f.process(f.finalise(claim))
    award = Award.objects.get(candidate__number=JANE, qualification__code="05203")
    # Merit, Merit, Distinction, Distinction: 4 x (8 + 8 + 9 + 9) = 136 points.
    assert award.grade == "Distinction"
    event = AuditEvent.objects.get(action="award.issued", object_id=str(award.pk))
    assert event.changes["grade"] == "Distinction"
    assert "Full award 05203 at Distinction issued" in event.summary


def test_a_grade_condition_holds_the_award_grade_back(demo: None) -> None:
    f.moderated("05203")
    claim = f.claim("05203")
    f.add(claim, JANE, [1], grade="Pass")
    f.add(claim, JANE, [2, 3, 4], grade="Distinction")
    f.process(f.finalise(f.submit(claim)))
    # 140 points, but unit 1 is only a Pass: Distinction needs every mandatory unit at Merit.
    assert Award.objects.get(candidate__number=JANE).grade == "Merit"


def test_an_award_of_a_qualification_graded_pass_only_has_no_grade(demo: None) -> None:
    f.processed({AMIRA: [1, 4, 7]})
    assert Award.objects.get(candidate__number=AMIRA).grade == ""
