"""Processing publishes exactly what moderation decided: a property over random reviews.

Each example takes one submitted claim through a random sequence of the moderator's real
actions (accept, amend a grade, withdraw a unit, withdraw by centre assessor and grade, withdraw
a candidate, flag malpractice), sends it on and processes it, then compares the results with a
model of those decisions written here from the rules alone: a unit is published, with its
amended grade if amended, unless it or its candidate was withdrawn or its candidate flagged for
malpractice; a full award (05203: units 1 and 2, 16 credits of 4-credit units) comes only from
what was published. Every example runs in a savepoint rolled back at its end, so each starts
from the same claim.
"""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from candidates.models import AchievedUnit, Award
from claims.models import Claim, ClaimCandidate, ClaimedUnit, ClaimStatus, UnitState
from common.errors import Conflict, DomainError
from moderation import actions as moderation_actions

from . import factories as f

pytestmark = pytest.mark.django_db

CODE = "05203"
#: Candidate number → (units claimed, grade claimed for each).
CLAIMED = {"789012": ([1, 2, 3, 4], "Merit"), "11721896": ([1, 2, 3, 5], "Pass")}
GRADES = ["Pass", "Merit", "Distinction"]
WHO = st.sampled_from(sorted(CLAIMED))
DECISION = st.one_of(
    st.tuples(st.just("accept"), WHO, st.integers(0, 3)),
    st.tuples(st.just("amend"), WHO, st.integers(0, 3), st.sampled_from(GRADES)),
    st.tuples(st.just("withdraw"), WHO, st.integers(0, 3)),
    st.tuples(st.just("withdraw_assessor_grade"), st.sampled_from(GRADES)),
    st.tuples(st.just("withdraw_candidate"), WHO),
    st.tuples(st.just("malpractice"), WHO),
)


@dataclass
class Model:
    """What the decisions mean, kept apart from the service's own code."""

    grades: dict[tuple[str, int], str] = field(default_factory=dict)
    withdrawn_units: set[tuple[str, int]] = field(default_factory=set)
    withdrawn: set[str] = field(default_factory=set)
    flagged: set[str] = field(default_factory=set)

    @classmethod
    def start(cls) -> "Model":
        return cls(
            grades={(who, n): grade for who, (numbers, grade) in CLAIMED.items() for n in numbers}
        )

    def apply(self, decision: tuple) -> bool:
        """Record the decision; False when the service must refuse it."""
        kind, *args = decision
        if kind == "withdraw_assessor_grade":
            (grade,) = args
            hit = {
                key
                for key, now in self.grades.items()
                if now == grade and key[0] not in self.withdrawn and key not in self.withdrawn_units
            }
            self.withdrawn_units |= hit
            return bool(hit)
        who = args[0]
        if kind == "malpractice":
            if who in self.flagged:
                return False
            self.flagged.add(who)
            return True
        if who in self.withdrawn:
            return False
        if kind == "withdraw_candidate":
            self.withdrawn.add(who)
            return True
        key = (who, CLAIMED[who][0][args[1]])
        claimed = CLAIMED[who][1]
        if kind == "amend":
            if args[2] == claimed:
                return False
            self.grades[key] = args[2]
            self.withdrawn_units.discard(key)
        elif kind == "accept":
            self.grades[key] = claimed
            self.withdrawn_units.discard(key)
        else:
            self.grades[key] = claimed
            self.withdrawn_units.add(key)
        return True

    def published(self) -> set[tuple[str, int, str]]:
        return {
            (who, number, grade)
            for (who, number), grade in self.grades.items()
            if who not in self.withdrawn
            and who not in self.flagged
            and (who, number) not in self.withdrawn_units
        }

    def held(self) -> bool:
        """Whether some unit would publish but for its candidate's open case."""
        return any(
            who in self.flagged and who not in self.withdrawn and key not in self.withdrawn_units
            for key in self.grades
            for who in [key[0]]
        )


def _run(claim: Claim, decision: tuple) -> bool:
    """Make the decision with the moderator's own action; False when it was refused."""
    moderator = f.moderator()
    kind, *args = decision
    try:
        if kind == "withdraw_assessor_grade":
            moderation_actions.withdraw_assessor_grade(
                claim_id=claim.pk,
                assessor_id=ClaimedUnit.objects.filter(claim_candidate__claim=claim)
                .values_list("assessor_id", flat=True)
                .get(unit__number=1, claim_candidate__candidate__number="789012"),
                grade=args[0],
                reason=f.REASON,
                acting_user=moderator,
            )
            return True
        on_claim = ClaimCandidate.objects.get(claim=claim, candidate__number=args[0])
        if kind == "malpractice":
            moderation_actions.flag_malpractice(
                claim_id=claim.pk,
                claim_candidate_id=on_claim.pk,
                reason="Work copied from another candidate",
                acting_user=moderator,
            )
        elif kind == "withdraw_candidate":
            moderation_actions.withdraw_candidate(
                claim_id=claim.pk,
                claim_candidate_id=on_claim.pk,
                reason=f.REASON,
                acting_user=moderator,
            )
        else:
            unit = ClaimedUnit.objects.get(
                claim_candidate=on_claim, unit__number=CLAIMED[args[0]][0][args[1]]
            )
            outcome = {
                "accept": moderation_actions.Outcome.ACCEPT,
                "amend": moderation_actions.Outcome.AMEND,
                "withdraw": moderation_actions.Outcome.WITHDRAW,
            }[kind]
            moderation_actions.record_unit_outcome(
                claim_id=claim.pk,
                claimed_unit_id=unit.pk,
                outcome=outcome,
                grade=args[2] if kind == "amend" else "",
                reason="" if kind == "accept" else f.REASON,
                acting_user=moderator,
            )
    except (Conflict, DomainError):
        return False
    return True


def _full_award(numbers: set[int]) -> bool:
    return {1, 2} <= numbers and len(numbers) * 4 >= 16


@pytest.fixture
def submitted(demo: None) -> Claim:
    f.moderated(CODE)
    claim = f.claim(CODE)
    for who, (numbers, grade) in CLAIMED.items():
        f.add(claim, who, numbers, grade=grade)
    return f.submit(claim)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(decisions=st.lists(DECISION, max_size=6))
def test_processing_publishes_exactly_the_accepted_and_amended_units(
    submitted: Claim,
    decisions: list[tuple],
) -> None:
    claim = Claim.objects.select_related("centre", "qualification").get(pk=submitted.pk)
    assert claim.status == ClaimStatus.SUBMITTED
    earlier = {
        who: set(
            AchievedUnit.objects.filter(
                candidate__number=who, unit__qualification__code=CODE
            ).values_list("unit__number", flat=True)
        )
        for who in CLAIMED
    }
    awarded_before = set(
        Award.objects.filter(qualification__code=CODE).values_list("candidate__number", flat=True)
    )
    with transaction.atomic():
        model = Model.start()
        for decision in decisions:
            assert _run(claim, decision) == model.apply(decision), decision
        f.finalise(claim)
        expected = model.published()
        try:
            f.process(claim)
        except Conflict:
            assert not expected and not model.held()
        published = {
            (row.candidate.number, row.unit.number, row.grade)
            for row in AchievedUnit.objects.filter(claim=claim).select_related("candidate", "unit")
        }
        assert published == expected
        assert not ClaimedUnit.objects.filter(
            claim_candidate__claim=claim, state=UnitState.NOT_ACCEPTED
        ).exists(), "moderation's withdrawals are withdrawn, not 'not accepted'"
        for who in CLAIMED:
            mine = {number for person, number, _ in expected if person == who}
            has_award = Award.objects.filter(
                candidate__number=who, qualification__code=CODE
            ).exists()
            assert has_award == (who in awarded_before or _full_award(earlier[who] | mine)), who
        transaction.set_rollback(True)
