"""Operations' "Try the rules": a qualification's rules of combination against units picked on
the page, or a candidate's own achieved units with those picked added, answered with the
progress sentences the centre reads on a candidate's claim page."""

from dataclasses import dataclass

from accounts.models import User
from accounts.permissions import require_operations
from candidates.models import AchievedUnit, Candidate
from catalogue import rules as rules_engine
from catalogue.grading import graded_unit, grading_rules
from catalogue.models import Qualification, Unit
from catalogue.selectors import engine_rules
from common.errors import DomainErrors, FieldError

from .progress import Progress, progress_for_candidate, progress_for_units


@dataclass(frozen=True)
class Tried:
    """The verdict: the candidate tried (if any), their progress, and the grade it gives
    (None for a qualification graded Pass only)."""

    candidate: Candidate | None
    progress: Progress
    grade: rules_engine.QualificationGrade | None


def try_rules(
    *,
    acting_user: User,
    qualification: Qualification,
    unit_numbers: list[int],
    grades: dict[int, str],
    candidate_number: str = "",
) -> Tried:
    """The full award's verdict for the picked units (`grades` for graded ones, else Pass),
    added to the achieved units of the candidate numbered `candidate_number`, at any centre."""
    require_operations(acting_user)
    units = {u.number: u for u in qualification.units.all()}
    picked = [units[n] for n in sorted(set(unit_numbers)) if n in units]
    candidate = None
    held: list[tuple[Unit, str, bool]] = []
    if candidate_number:
        candidate = Candidate.objects.filter(number=candidate_number.strip()).first()
        if candidate is None:
            raise DomainErrors(
                [FieldError(f"No candidate has the number {candidate_number}", field="candidate")]
            )
        progress = progress_for_candidate(candidate, qualification, picked, grades=grades)
        held = [
            (a.unit, a.grade, bool(a.other_awarding_body))
            for a in AchievedUnit.objects.filter(
                candidate=candidate, unit__qualification=qualification
            ).select_related("unit")
        ]
    else:
        progress = progress_for_units(qualification, picked, grades)
    grade = None
    grading = grading_rules(qualification)
    if grading is not None:
        held_numbers = {unit.number for unit, _, _ in held}
        graded = [graded_unit(u, g, other_ab=o) for u, g, o in held] + [
            graded_unit(u, grades.get(u.number, "") if u.is_graded else "")
            for u in picked
            if u.number not in held_numbers
        ]
        grade = rules_engine.qualification_grade(engine_rules(qualification), grading, graded)
    return Tried(candidate=candidate, progress=progress, grade=grade)
