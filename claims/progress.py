"""Progress to the full award: what a candidate holds, what a claim adds, and what is missing.

The rules themselves are judged by the pure engine in `catalogue.rules`; this module only
gathers the facts. `progress_for_claim` reads a whole claim in a fixed number of queries,
however many candidates it holds, so pages can show progress for every candidate at once.

Every achieved unit counts here, published or not: a unit is achieved from the moment its claim
is processed, and the centre must not claim it again. Units achieved through the claim being
shown count as "claimed now", so the claim reads the same before and after it is processed.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from candidates.models import AchievedUnit, Award, Candidate
from catalogue import rules as rules_engine
from catalogue.models import Qualification, Unit
from catalogue.selectors import engine_rules

from .contents import ClaimContents, Flag, claim_contents
from .models import Claim, ClaimedUnit, UnitState

#: Progress only asks whether a claimed unit came from another awarding body, never which.
ANOTHER_AWARDING_BODY = "another awarding body"


@dataclass(frozen=True)
class ProgressUnit:
    """A unit as progress shows it; `other_awarding_body` names the body it came from, if any."""

    unit: Unit
    other_awarding_body: str = ""

    @property
    def number(self) -> int:
        return self.unit.number

    @property
    def credits(self) -> int:
        return self.unit.credits

    @cached_property
    def fact(self) -> rules_engine.UnitFact:
        return rules_engine.UnitFact(
            number=self.unit.number,
            credits=self.unit.credits,
            level=self.unit.level,
            other_ab=bool(self.other_awarding_body),
        )


def units_label(units: Sequence[ProgressUnit]) -> str:
    """e.g. "Units 1, 4 and 7 (9 credits)"; "None" when there are none."""
    if not units:
        return "None"
    numbers = [str(u.number) for u in sorted(units, key=lambda u: u.number)]
    credits = sum(u.credits for u in units)
    if len(numbers) == 1:
        listed = f"Unit {numbers[0]}"
    else:
        listed = f"Units {', '.join(numbers[:-1])} and {numbers[-1]}"
    return f"{listed} ({credits} {'credit' if credits == 1 else 'credits'})"


@dataclass(frozen=True)
class Progress:
    """One candidate's progress to the full award with this claim.

    `evaluation` judges achieved + claimed now. `completes_award`: met with the claim but not
    without it. `already_awarded`: a full award has been issued. `sentences`: what is missing
    (and why some units do not count), in the engine's words.
    """

    achieved: list[ProgressUnit]
    claimed_now: list[ProgressUnit]
    evaluation: rules_engine.Evaluation
    completes_award: bool
    already_awarded: bool
    sentences: list[str]

    @property
    def met(self) -> bool:
        return self.evaluation.met

    @property
    def achieved_label(self) -> str:
        return units_label(self.achieved)

    @property
    def claimed_now_label(self) -> str:
        return units_label(self.claimed_now)


def _progress(
    evaluate: Callable[[tuple[rules_engine.UnitFact, ...]], rules_engine.Evaluation],
    achieved: list[ProgressUnit],
    claimed: list[ProgressUnit],
    awarded: bool,
) -> Progress:
    held = {u.unit.pk for u in achieved}
    claimed_now = sorted(
        {u.unit.pk: u for u in claimed if u.unit.pk not in held}.values(), key=lambda u: u.number
    )
    achieved = sorted(achieved, key=lambda u: u.number)
    evaluation = evaluate(tuple(u.fact for u in (*achieved, *claimed_now)))
    met_before = (
        evaluation.met if not claimed_now else evaluate(tuple(u.fact for u in achieved)).met
    )
    return Progress(
        achieved=achieved,
        claimed_now=claimed_now,
        evaluation=evaluation,
        completes_award=evaluation.met and not met_before,
        already_awarded=awarded,
        sentences=evaluation.sentences,
    )


def progress_for_claim(claim: Claim, contents: ClaimContents | None = None) -> dict[int, Progress]:
    """Progress for every candidate on the claim, keyed by ClaimCandidate id.

    A fixed number of queries whatever the number of candidates: the claim's contents (see
    `claims.contents`; none more when the page passes them in), the qualification's rules and
    units, the candidates' achieved units and their awards. Candidates holding the same units
    (a class that took the same units, say) are evaluated once between them. A withdrawn
    candidate, and a unit the moderator did not accept, add nothing "claimed now".
    """
    contents = contents or claim_contents(claim)
    units = contents.units_by_number
    shared: dict[tuple[int, bool], ProgressUnit] = {}

    def unit(number: int, other_awarding_body: bool) -> ProgressUnit:
        # One object per unit and awarding body, so each unit's engine fact is built once.
        key = (number, other_awarding_body)
        found = shared.get(key)
        if found is None:
            found = shared[key] = ProgressUnit(
                units[number], ANOTHER_AWARDING_BODY if other_awarding_body else ""
            )
        return found

    achieved: dict[int, list[ProgressUnit]] = defaultdict(list)
    through_claim: dict[int, list[ProgressUnit]] = defaultdict(list)
    for candidate_id, number, claim_id, awarding_body in contents.achieved:
        held = unit(number, bool(awarding_body))
        (through_claim if claim_id == claim.pk else achieved)[candidate_id].append(held)
    awarded = set(
        Award.objects.standing()
        .filter(
            candidate_id__in=contents.candidate_ids,
            qualification_id=claim.qualification_id,
        )
        .values_list("candidate_id", flat=True)
    )
    # Candidates with the same units, held and claimed, have the same progress: made once.
    seen: dict[tuple[object, ...], Progress] = {}
    progress: dict[int, Progress] = {}
    for on_claim in contents:
        candidate_id = on_claim.candidate_id
        before, now = achieved[candidate_id], through_claim[candidate_id]
        awarded_already = candidate_id in awarded
        key = (
            on_claim.key,
            on_claim.withdrawn,
            tuple(map(id, before)),
            tuple(map(id, now)),
            awarded_already,
        )
        found = seen.get(key)
        if found is None:
            if not on_claim.withdrawn:
                now = now + [
                    unit(number, bool(flags & Flag.TRANSFERRED))
                    for number, flags in on_claim.units.items()
                    if not flags & Flag.NOT_COUNTING
                ]
            found = seen[key] = _progress(contents.evaluate, before, now, awarded_already)
        progress[on_claim.claim_candidate_id] = found
    return progress


def progress_for_candidate(
    candidate: Candidate,
    qualification: Qualification,
    claimed_units: Iterable[ClaimedUnit | Unit],
    *,
    claim: Claim | None = None,
    achieved_units: Iterable[AchievedUnit] | None = None,
) -> Progress:
    """Progress for one candidate with `claimed_units` claimed now.

    `claimed_units` are the units being claimed: ClaimedUnit rows (whose awarding body, if any,
    is kept) or plain Units, e.g. the choices on a candidate claim page not saved yet. Pass the
    `claim` being shown so that units it has already turned into results count as claimed now,
    and `achieved_units` (each with its unit) when they have been read already.
    """
    engine = rules_engine.engine_for(engine_rules(qualification))
    achieved: list[ProgressUnit] = []
    claimed: list[ProgressUnit] = []
    if achieved_units is None:
        achieved_units = AchievedUnit.objects.filter(
            candidate=candidate, unit__qualification=qualification
        ).select_related("unit")
    for row in achieved_units:
        held = ProgressUnit(row.unit, row.other_awarding_body)
        (claimed if claim is not None and row.claim_id == claim.pk else achieved).append(held)
    for item in claimed_units:
        if isinstance(item, ClaimedUnit):
            if item.state in UnitState.counting():
                claimed.append(ProgressUnit(item.unit, item.awarding_body))
        else:
            claimed.append(ProgressUnit(item))
    awarded = (
        Award.objects.standing().filter(candidate=candidate, qualification=qualification).exists()
    )
    return _progress(engine.evaluate, achieved, claimed, awarded)


def progress_for_units(qualification: Qualification, units: Iterable[Unit]) -> Progress:
    """Progress for a candidate who holds nothing yet and is claimed these units now."""
    engine = rules_engine.engine_for(engine_rules(qualification))
    return _progress(engine.evaluate, [], [ProgressUnit(u) for u in units], False)
