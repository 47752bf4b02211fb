"""A qualification as a file describes it, and the fields each kind of record holds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import rules as rules_engine
from ..models import GradingScheme

CODE = re.compile(r"[0-9]{5}")
REFERENCE = re.compile(r"[A-Z]/[0-9]{3}/[0-9]{4}")
MAX_TITLE = 200
MAX_RULE_NAME = 100
MAX_CREDITS = 999
MAX_POINTS = 9999
LEVELS = range(1, 9)

QUALIFICATION_FIELDS = (
    "code",
    "title",
    "level",
    "quality_assurance",
    "evidence_methods",
    "allows_other_awarding_body_units",
)
UNIT_FIELDS = ("number", "title", "level", "credits", "grading", "reference")
RULE_FIELDS = ("kind", "value", "level", "units", "per", "name")
# How the qualification grade comes from unit grades: two settings on the qualification, and
# three kinds of record. A file with none of them describes a qualification graded Pass only.
GRADING_FIELDS = ("points_per", "best_credits")
GRADE_POINTS_FIELDS = ("unit_grade", "points", "level", "size")
GRADE_THRESHOLD_FIELDS = ("grade", "points")
GRADE_CONDITION_FIELDS = ("grade", "unit_grade", "units")
GRADE_LISTS = {
    "grade_points": "grade_points",
    "grade_thresholds": "grade_threshold",
    "grade_conditions": "grade_condition",
}
CSV_COLUMNS = (
    "record",
    *dict.fromkeys(
        (
            *QUALIFICATION_FIELDS,
            *UNIT_FIELDS,
            *RULE_FIELDS,
            *GRADING_FIELDS,
            *GRADE_POINTS_FIELDS,
            *GRADE_THRESHOLD_FIELDS,
            *GRADE_CONDITION_FIELDS,
        )
    ),
)
RECORD_FIELDS = {
    "qualification": (*QUALIFICATION_FIELDS, *GRADING_FIELDS),
    "unit": UNIT_FIELDS,
    "rule": RULE_FIELDS,
    "grade_points": GRADE_POINTS_FIELDS,
    "grade_threshold": GRADE_THRESHOLD_FIELDS,
    "grade_condition": GRADE_CONDITION_FIELDS,
}

TRUE_WORDS = {"true", "yes", "y", "1"}
FALSE_WORDS = {"false", "no", "n", "0", ""}


@dataclass(frozen=True)
class UnitSpec:
    number: int
    title: str
    level: int
    credits: int
    grading: str = GradingScheme.PASS.value
    reference: str = ""


@dataclass(frozen=True)
class RuleSpec:
    kind: str
    value: int | None = None
    level: int | None = None
    units: tuple[int, ...] = ()
    per: str = "credits"
    name: str = ""

    def engine_rule(self) -> rules_engine.Rule:
        return rules_engine.Rule(
            kind=rules_engine.RuleKind(self.kind),
            value=self.value,
            level=self.level,
            units=self.units,
            per=self.per,
            name=self.name,
        )


@dataclass(frozen=True)
class QualificationStructure:
    """A qualification as a file describes it, checked and ready to load."""

    code: str
    title: str
    level: int
    quality_assurance: str
    evidence_methods: tuple[str, ...] = ()
    allows_other_awarding_body_units: bool = False
    units: tuple[UnitSpec, ...] = ()
    rules: tuple[RuleSpec, ...] = field(default_factory=tuple)
    grading: rules_engine.GradingRules | None = None
