"""Progress to the full award: what a candidate holds, what a claim adds, and what is missing.

The rules themselves are judged by the pure engine in `catalogue.rules`; this module only
gathers the facts. `progress_for_claim` reads a whole claim in a fixed number of queries,
however many candidates it holds, so pages can show progress for every candidate at once.

Every achieved unit counts here, published or not: a unit is achieved from the moment its claim
is processed, and the centre must not claim it again. Units achieved through the claim being
shown count as "claimed now", so the claim reads the same before and after it is processed.

For a graded qualification, progress also says the grade the candidate is on course for, from
the grades achieved and the "assessed as" grades claimed now, and what would raise it (the
grading engine's `Grader.on_course`, in `catalogue.rules.grading`). A unit's grade is part of
what makes two candidates' progress the same, so the sharing below still holds.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from django.db.models import prefetch_related_objects

from candidates.models import AchievedUnit, Award, Candidate
from catalogue import rules as rules_engine
from catalogue.grading import GRADING_PREFETCH, graded_unit, grading_rules, unit_grades
from catalogue.models import Qualification, Unit
from catalogue.selectors import engine_rules, units_of

from .contents import ClaimContents, Flag, claim_contents, grade_of
from .models import Claim, ClaimedUnit, UnitState

#: Progress only asks whether a claimed unit came from another awarding body, never which.
ANOTHER_AWARDING_BODY = "another awarding body"


@dataclass(frozen=True)
class ProgressUnit:
    """A unit as progress shows it; `other_awarding_body` names the body it came from, if any,
    and `grade` is its grade, achieved or "assessed as" ("" for an ungraded unit: a Pass)."""

    unit: Unit
    other_awarding_body: str = ""
    grade: str = ""

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

    @cached_property
    def graded(self) -> rules_engine.GradedUnit:
        """The unit as the grading engine sees it."""
        grade = self.grade if self.grade in rules_engine.UNIT_GRADES else ""
        return graded_unit(self.unit, grade, other_ab=bool(self.other_awarding_body))


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
    (and why some units do not count), in the engine's words. `course`: for a graded
    qualification, the grade achieved + claimed now give and what would raise it (None for a
    qualification graded Pass only).
    """

    achieved: list[ProgressUnit]
    claimed_now: list[ProgressUnit]
    evaluation: rules_engine.Evaluation
    completes_award: bool
    already_awarded: bool
    sentences: list[str]
    course: rules_engine.OnCourse | None = None

    @property
    def met(self) -> bool:
        return self.evaluation.met

    @property
    def achieved_label(self) -> str:
        return units_label(self.achieved)

    @property
    def claimed_now_label(self) -> str:
        return units_label(self.claimed_now)

    @property
    def on_course(self) -> str:
        """E.g. "On course for Merit (120 points from the best 16 credits)"; "" when the
        qualification is graded Pass only or the rules of combination are not met yet."""
        if self.course is None or not self.course.grade.met:
            return ""
        return self.course.sentences[0]

    @property
    def raises(self) -> list[str]:
        """What would raise the grade, e.g. "a Merit in one more 4-credit unit gives Merit
        overall": the fewest more units for each higher grade."""
        if not self.on_course:
            return []
        assert self.course is not None
        return self.course.sentences[1:]


#: Works out a graded qualification's course from the units achieved and claimed now.
Course = Callable[[Sequence[ProgressUnit], Sequence[ProgressUnit]], rules_engine.OnCourse]


def course_of(
    qualification: Qualification,
    units: Iterable[Unit] | None,
    rules: Sequence[rules_engine.Rule],
) -> Course | None:
    """How progress grades candidates of the qualification (None when graded Pass only): its
    grading rules compiled with the rules of combination once, against `units`, the units the
    candidates could be claimed (None: all the qualification's, read only when it is graded)."""
    # A qualification graded Pass only has no thresholds: one query tells, the rest only follow
    # for a graded one (rows read already, as the candidate claim page's are, are not read again).
    prefetch_related_objects([qualification], "grade_thresholds")
    if not qualification.grade_thresholds.all():
        return None
    prefetch_related_objects([qualification], *GRADING_PREFETCH)
    grading = grading_rules(qualification)
    if grading is None:
        return None
    grader = rules_engine.grader_for(rules, grading)
    available = unit_grades(units_of(qualification) if units is None else units)
    # The grade depends only on the units held, at their grades: worked out once per page for
    # every candidate holding the same, whatever was achieved before and what is claimed now.
    found: dict[tuple[rules_engine.GradedUnit, ...], rules_engine.OnCourse] = {}

    def course(
        achieved: Sequence[ProgressUnit], claimed: Sequence[ProgressUnit]
    ) -> rules_engine.OnCourse:
        held = tuple(sorted((u.graded for u in (*achieved, *claimed)), key=_by_number))
        answer = found.get(held)
        if answer is None:
            answer = found[held] = grader.on_course(held, (), available)
        return answer

    return course


def _by_number(unit: rules_engine.GradedUnit) -> tuple[int, bool, str]:
    return (unit.number, unit.other_ab, unit.grade)


def _progress(
    evaluate: Callable[[tuple[rules_engine.UnitFact, ...]], rules_engine.Evaluation],
    achieved: list[ProgressUnit],
    claimed: list[ProgressUnit],
    awarded: bool,
    course: Course | None = None,
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
        course=course(achieved, claimed_now) if course is not None else None,
    )


def progress_for_claim(claim: Claim, contents: ClaimContents | None = None) -> dict[int, Progress]:
    """Progress for every candidate on the claim, keyed by ClaimCandidate id.

    A fixed number of queries whatever the number of candidates: the claim's contents (see
    `claims.contents`; none more when the page passes them in), the qualification's rules,
    units and grading rules, the candidates' achieved units and their awards. Candidates
    holding the same units at the same grades (a class that took the same units, say) are
    evaluated and graded once between them. A withdrawn candidate, and a unit the moderator did
    not accept, add nothing "claimed now".
    """
    contents = contents or claim_contents(claim)
    units = contents.units_by_number
    course = course_of(claim.qualification, units.values(), contents.rules)
    shared: dict[tuple[int, bool, str], ProgressUnit] = {}

    def unit(number: int, other_awarding_body: bool, grade: str) -> ProgressUnit:
        # One object per unit, awarding body and grade, so each unit's engine fact is built
        # once and candidates with the same units share their progress.
        if course is None:
            grade = ""
        key = (number, other_awarding_body, grade)
        found = shared.get(key)
        if found is None:
            found = shared[key] = ProgressUnit(
                units[number], ANOTHER_AWARDING_BODY if other_awarding_body else "", grade
            )
        return found

    achieved: dict[int, list[ProgressUnit]] = defaultdict(list)
    through_claim: dict[int, list[ProgressUnit]] = defaultdict(list)
    for candidate_id, number, claim_id, awarding_body, grade in contents.achieved:
        held = unit(number, bool(awarding_body), grade)
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
                    unit(number, bool(flags & Flag.TRANSFERRED), grade_of(flags))
                    for number, flags in on_claim.units.items()
                    if not flags & Flag.NOT_COUNTING
                ]
            found = seen[key] = _progress(contents.evaluate, before, now, awarded_already, course)
        progress[on_claim.claim_candidate_id] = found
    return progress


def progress_for_candidate(
    candidate: Candidate,
    qualification: Qualification,
    claimed_units: Iterable[ClaimedUnit | Unit],
    *,
    claim: Claim | None = None,
    achieved_units: Iterable[AchievedUnit] | None = None,
    units: Iterable[Unit] | None = None,
    grades: Mapping[int, str] | None = None,
) -> Progress:
    """Progress for one candidate with `claimed_units` claimed now.

    `claimed_units` are the units being claimed: ClaimedUnit rows (whose awarding body and
    "assessed as" grade, if any, are kept) or plain Units, e.g. the choices on a candidate claim
    page not saved yet, graded by `grades` (unit number to grade; a Pass if not given). Pass
    the `claim` being shown so that units it has already turned into results count as claimed
    now, `achieved_units` (each with its unit) when they have been read already, and `units`,
    the qualification's units the candidate could be claimed (what would raise a grade is
    among them; all the qualification's units if not given, read only when it is graded).
    """
    rules = engine_rules(qualification)
    engine = rules_engine.engine_for(rules)
    course = course_of(qualification, units, rules)
    achieved: list[ProgressUnit] = []
    claimed: list[ProgressUnit] = []
    if achieved_units is None:
        achieved_units = AchievedUnit.objects.filter(
            candidate=candidate, unit__qualification=qualification
        ).select_related("unit")
    for row in achieved_units:
        held = ProgressUnit(row.unit, row.other_awarding_body, row.grade)
        (claimed if claim is not None and row.claim_id == claim.pk else achieved).append(held)
    for item in claimed_units:
        if isinstance(item, ClaimedUnit):
            if item.state in UnitState.counting():
                claimed.append(ProgressUnit(item.unit, item.awarding_body, item.grade))
        else:
            claimed.append(ProgressUnit(item, grade=(grades or {}).get(item.number, "")))
    awarded = (
        Award.objects.standing().filter(candidate=candidate, qualification=qualification).exists()
    )
    return _progress(engine.evaluate, achieved, claimed, awarded, course)


def progress_for_units(
    qualification: Qualification,
    units: Iterable[Unit],
    grades: Mapping[int, str] | None = None,
) -> Progress:
    """Progress for a candidate who holds nothing yet and is claimed these units now, graded
    by `grades` (unit number to grade; a Pass if not given)."""
    rules = engine_rules(qualification)
    engine = rules_engine.engine_for(rules)
    course = course_of(qualification, None, rules)
    picked = [ProgressUnit(u, grade=(grades or {}).get(u.number, "")) for u in units]
    return _progress(engine.evaluate, [], picked, False, course)
