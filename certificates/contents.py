"""What a certificate certifies, read from the records in bulk: the holder's name, the units
with their grades and, for a full award, its grade.

A full award's certificate lists every unit of the qualification the candidate holds (from
earlier claims and other awarding bodies too: they count towards the award); a unit
certificate lists the units achieved by its claim. One query per kind of record for a whole
batch of candidates, never one per candidate.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from candidates.models import AchievedUnit, Candidate
from catalogue.models import GradingScheme

#: A unit as a certificate prints it.
UnitLine = dict[str, Any]


@dataclass
class Holding:
    """One candidate's name and the units of one qualification they hold, by claim."""

    first_name: str
    last_name: str
    units: list[UnitLine] = field(default_factory=list)
    by_claim: dict[int, list[UnitLine]] = field(default_factory=lambda: defaultdict(list))


def unit_grade(grade: str, *, graded: bool) -> str:
    """A unit's grade as printed: its grade, or Pass for an ungraded unit (claimed without one)."""
    if grade:
        return grade
    return "" if graded else "Pass"


def award_grade(grade: str) -> str:
    """A full award's grade as printed: an ungraded qualification's award is a Pass."""
    return grade or "Pass"


def holdings(*, candidate_ids: Sequence[int], qualification_id: int) -> dict[int, Holding]:
    """Each candidate's name and units of the qualification, in two queries."""
    found: dict[int, Holding] = {
        pk: Holding(first_name=first, last_name=last)
        for pk, first, last in Candidate.objects.filter(pk__in=list(candidate_ids)).values_list(
            "pk", "first_name", "last_name"
        )
    }
    rows = (
        AchievedUnit.objects.filter(
            candidate_id__in=list(candidate_ids), unit__qualification_id=qualification_id
        )
        .order_by("candidate_id", "unit__number")
        .values_list(
            "candidate_id",
            "claim_id",
            "unit__number",
            "unit__title",
            "unit__level",
            "unit__credits",
            "unit__grading",
            "grade",
            "other_awarding_body",
        )
    )
    for candidate_id, claim_id, number, title, level, credits, grading, grade, body in rows:
        holding = found.get(candidate_id)
        if holding is None:
            continue
        line: UnitLine = {
            "number": number,
            "title": title,
            "level": level,
            "credits": credits,
            "grade": unit_grade(grade, graded=grading != GradingScheme.PASS),
            "awarding_body": body,
        }
        holding.units.append(line)
        holding.by_claim[claim_id].append(line)
    return found
