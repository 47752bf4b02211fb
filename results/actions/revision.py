"""Results put right after a review of moderation changed outcomes on a processed claim.

What the claim gave a candidate is brought in line with their units' outcomes now: an achieved
unit whose outcome no longer publishes is removed, one whose grade changed takes the new
grade, a full award whose rules of combination no longer hold is withdrawn (never deleted)
and a standing one takes the grade the units now give. Then `record_results` for those
candidates adds the units that now publish and issues a full award where the rules now hold
(the same code path processing takes), and the certificates follow
(`certificates.actions.follow_results`).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.actions import record
from candidates.models import AchievedUnit, Award
from catalogue import rules as rules_engine
from catalogue.models import Unit
from catalogue.selectors import engine_rules
from certificates import actions as certificate_actions
from claims.models import ClaimStatus
from common.errors import Conflict

from .awards import Held, award_grade, grader
from .processing import RecordedResults, _lock, published_units, record_results


@dataclass
class RevisedResults:
    """What revising a claim's results took back, put right and added."""

    removed: int = 0
    regraded: int = 0
    awards_withdrawn: list[Award] = field(default_factory=list)
    awards_regraded: list[Award] = field(default_factory=list)
    recorded: RecordedResults | None = None
    certificates: certificate_actions.FollowedResults | None = None


def revise_results(
    *, claim_id: int, candidate_ids: Sequence[int], acting_user: User | None, why: str
) -> RevisedResults:
    """Re-record the results of a Processed claim for `candidate_ids` from their units'
    outcomes now. Must run inside the caller's transaction; `why` is kept on what is taken back.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("results.actions.revise_results must run inside a transaction")
    claim = _lock(claim_id)
    if claim.status != ClaimStatus.PROCESSED:
        raise Conflict(
            f"Only a Processed claim has results; this claim is {claim.get_status_display()}",
            code="not_processed",
        )
    revised = RevisedResults()
    ids = sorted(set(candidate_ids))
    publishing = {
        (candidate_id, unit_id): grade
        for candidate_id, unit_id, grade, _ in published_units(claim, ids)
    }
    given = list(
        AchievedUnit.objects.select_for_update()
        .filter(claim=claim, candidate_id__in=ids)
        .select_related("unit")
    )
    for achieved in given:
        key = (achieved.candidate_id, achieved.unit_id)
        if key not in publishing:
            achieved.delete()
            revised.removed += 1
            record(
                actor=acting_user,
                centre=claim.centre,
                action="results.units_removed",
                obj=achieved.candidate,
                summary=f"Unit {achieved.unit.number} of {claim.qualification.code} from claim "
                f"{claim.claim_number} removed: {why}",
                changes={"claim": claim.pk, "units": [achieved.unit.number], "reason": why},
            )
        elif publishing[key] != achieved.grade:
            before = achieved.grade
            achieved.grade = publishing[key]
            achieved.save(update_fields=["grade"])
            revised.regraded += 1
            record(
                actor=acting_user,
                centre=claim.centre,
                action="results.unit_regraded",
                obj=achieved.candidate,
                summary=f"Unit {achieved.unit.number} of {claim.qualification.code} from claim "
                f"{claim.claim_number} now {achieved.grade}: {why}",
                changes={
                    "claim": claim.pk,
                    "unit": achieved.unit.number,
                    "grade": [before, achieved.grade],
                    "reason": why,
                },
            )
    _withdraw_awards_no_longer_met(
        claim_id=claim.pk, ids=ids, why=why, revised=revised, acting_user=acting_user
    )
    _regrade_awards(claim_id=claim.pk, ids=ids, why=why, revised=revised, acting_user=acting_user)
    revised.recorded = record_results(claim_id=claim.pk, acting_user=acting_user, candidate_ids=ids)
    revised.certificates = certificate_actions.follow_results(
        claim=claim, candidate_ids=ids, why=why, acting_user=acting_user
    )
    return revised


def _held(ids: Sequence[int], qualification_id: int) -> dict[int, dict[int, Held]]:
    """Each candidate's achieved units of the qualification: unit id -> (from another awarding
    body, grade), in one query."""
    held: dict[int, dict[int, Held]] = {i: {} for i in ids}
    for candidate_id, unit_id, other_ab, grade in AchievedUnit.objects.filter(
        candidate_id__in=ids, unit__qualification_id=qualification_id
    ).values_list("candidate_id", "unit_id", "other_awarding_body", "grade"):
        held[candidate_id][unit_id] = (bool(other_ab), grade)
    return held


def _regrade_awards(
    *,
    claim_id: int,
    ids: Sequence[int],
    why: str,
    revised: RevisedResults,
    acting_user: User | None,
) -> None:
    """A standing full award takes the grade the candidate's units give it now."""
    claim = _lock(claim_id)
    qualification = claim.qualification
    units = {u.pk: u for u in Unit.objects.filter(qualification=qualification)}
    compiled = grader(qualification)
    held = _held(ids, qualification.pk)
    for award in (
        Award.objects.standing()
        .select_for_update()
        .filter(candidate_id__in=ids, qualification=qualification)
    ):
        earned = award_grade(compiled, units, held[award.candidate_id])
        if earned is None or earned == award.grade:
            continue
        before = award.grade
        award.grade = earned
        award.save(update_fields=["grade"])
        revised.awards_regraded.append(award)
        record(
            actor=acting_user,
            centre=claim.centre,
            action="award.regraded",
            obj=award,
            summary=f"Full award {qualification.code} now {earned or 'Pass'}: {why}"[:300],
            changes={"candidate": award.candidate_id, "grade": [before, earned], "reason": why},
        )


def _withdraw_awards_no_longer_met(
    *,
    claim_id: int,
    ids: Sequence[int],
    why: str,
    revised: RevisedResults,
    acting_user: User | None,
) -> None:
    claim = _lock(claim_id)
    qualification = claim.qualification
    units = {u.pk: u for u in Unit.objects.filter(qualification=qualification)}
    engine = rules_engine.engine_for(engine_rules(qualification))
    facts = {
        candidate_id: [
            rules_engine.UnitFact(
                number=units[unit_id].number,
                credits=units[unit_id].credits,
                level=units[unit_id].level,
                other_ab=other_ab,
            )
            for unit_id, (other_ab, _grade) in by_unit.items()
        ]
        for candidate_id, by_unit in _held(ids, qualification.pk).items()
    }
    now = timezone.now()
    for award in (
        Award.objects.standing()
        .select_for_update()
        .filter(candidate_id__in=ids, qualification=qualification)
    ):
        if engine.evaluate(facts[award.candidate_id]).met:
            continue
        award.withdrawn_at = now
        award.withdrawn_reason = f"Rules of combination no longer met: {why}"[:500]
        award.save(update_fields=["withdrawn_at", "withdrawn_reason"])
        revised.awards_withdrawn.append(award)
        record(
            actor=acting_user,
            centre=claim.centre,
            action="award.withdrawn",
            obj=award,
            summary=f"Full award {qualification.code} withdrawn: {why}",
            changes={"candidate": award.candidate_id, "reason": award.withdrawn_reason},
        )
