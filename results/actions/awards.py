"""Full awards and their grades, as processing issues them.

A candidate's award is judged once per candidate against every unit of the qualification they
hold, with the qualification's rules of combination and grading rules compiled once per claim
(`catalogue.rules.grader_for`), so grading adds no query per candidate.
"""

from collections.abc import Mapping

from catalogue import rules as rules_engine
from catalogue.grading import grading_rules
from catalogue.models import Qualification, Unit
from catalogue.selectors import engine_rules

#: What processing knows of a unit a candidate holds: whether from another awarding body, and
#: the grade it was achieved at ("" for an ungraded unit).
Held = tuple[bool, str]


def grader(qualification: Qualification) -> rules_engine.Grader:
    """The qualification's rules of combination and grading rules, compiled for its claim."""
    return rules_engine.grader_for(engine_rules(qualification), grading_rules(qualification))


def _unit_grade(grade: str) -> str:
    # A grade the engine does not rank (none is offered on the pages) counts as a Pass.
    return grade if grade in rules_engine.UNIT_GRADES else rules_engine.UNIT_GRADES[0]


def award_grade(
    compiled: rules_engine.Grader, units: Mapping[int, Unit], held: Mapping[int, Held]
) -> str | None:
    """The grade of the full award the held units give (by unit id): None when the rules of
    combination are not met, "" for a qualification graded Pass only."""
    result = compiled.grade(
        rules_engine.GradedUnit(
            number=units[unit_id].number,
            credits=units[unit_id].credits,
            level=units[unit_id].level,
            grade=_unit_grade(grade),
            other_ab=other_ab,
        )
        for unit_id, (other_ab, grade) in held.items()
    )
    if result.grade is None:
        return None
    return result.grade if result.graded else ""
