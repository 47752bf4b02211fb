"""Rules of combination: does a candidate's set of units meet a qualification's full award?

This package is deliberately pure Python with no Django or database access, so that views, admin
validation, imports and benchmarks share one implementation that can be tested in isolation.

A qualification's rules are a sequence of :class:`Rule`; a candidate's achievements are
:class:`UnitFact` values. :func:`evaluate` (or :meth:`Engine.evaluate` for repeated use of one
rule set) answers with an :class:`Evaluation`: whether the full award is met, which units count,
and what is missing, both as data (:class:`Shortfall`) and as plain English sentences.

Barred combinations and the cap on credits from other awarding bodies mean that not every unit a
candidate holds can count. The engine picks the units that help the candidate most: first whether
the award is met, then the fewest things missing, then the most credits, then the most units, and
finally the lowest unit numbers so that the answer is deterministic.

Qualification grades come from unit grades by a qualification's :class:`GradingRules` (points
per unit grade a credit or a unit of a size, which credits count, thresholds, conditions):

- ``qualification_grade(rules, grading, units) -> QualificationGrade``: the grade a candidate's
  achieved units (:class:`GradedUnit`: number, credits, level, grade, other_ab) give. ``grade``
  is None when the rules of combination are not met, ``UNGRADED`` ("Pass") when `grading` is
  None (a qualification graded Pass only), else the highest threshold reached whose conditions
  hold. It also carries ``points``, the ``counted`` units (:class:`CountedUnit`: credits
  counted, points, partial or not), ``next_grade`` and ``points_to_next``, ``held_back`` (the
  condition that kept a higher grade back), the rules' ``evaluation`` and a ``sentence``.
- ``on_course_for(rules, grading, *, achieved, claimed, available) -> OnCourse``: the grade
  achieved plus claimed units give (claimed units with their "assessed as" grades), and
  ``raises``: for each higher grade, the fewest more units (of the qualification's
  `available` :class:`UnitGrades`, not held and clashing with none held) at the lowest unit
  grade that reach it, as :class:`Raise` ("a Merit in one more 4-credit unit gives Merit
  overall"). ``OnCourse.sentences`` is what the progress section shows.
- ``grader_for(rules, grading) -> Grader``: the compiled form for pages grading many
  candidates (``.grade(units)``, ``.on_course(achieved, claimed, available)``).
- ``validate_grading(grading, rules, units) -> list[str]`` and ``describe_grading(grading)``.

How the grade is worked out (Pearson's method for QCF BTECs) is described in :mod:`.grading`.

The modules, by concept:

- :mod:`.types`: rule kinds, rules, unit facts, shortfalls and evaluations (plain data);
- :mod:`.engine`: :class:`Engine`, :func:`engine_for` and :func:`evaluate`, with the choice of
  counted units in :mod:`.choosing` and its search machinery in :mod:`.search`;
- :mod:`.grades`: grading rules, graded units and the grade answers (plain data);
- :mod:`.grading`: :class:`Grader`, :func:`qualification_grade`, :func:`on_course_for`;
- :mod:`.wording`: every sentence the engine says (:func:`describe_rules`, shortfalls, grades,
  :func:`describe_grading`);
- :mod:`.validation`: :func:`validate_rules` and :func:`validate_grading`, the checks rules
  pass before they are stored.

Import from the package (``from catalogue import rules``); the modules are its inner layout.
"""

from .engine import EXHAUSTIVE_LIMIT, Engine, engine_for, evaluate
from .grades import (
    UNGRADED,
    UNIT_GRADES,
    CountedUnit,
    GradeCondition,
    GradedUnit,
    GradePoints,
    GradeThreshold,
    GradingRules,
    OnCourse,
    PointsPer,
    QualificationGrade,
    Raise,
    UnitGrades,
)
from .grading import (
    GRADING_LIMIT,
    MOST_MORE_UNITS,
    Grader,
    grader_for,
    on_course_for,
    qualification_grade,
)
from .types import BLOCKING_KINDS, Evaluation, Rule, RuleKind, Shortfall, UnitFact
from .validation import validate_grading, validate_rules
from .wording import describe_grading, describe_rules

__all__ = [
    "BLOCKING_KINDS",
    "EXHAUSTIVE_LIMIT",
    "GRADING_LIMIT",
    "MOST_MORE_UNITS",
    "UNGRADED",
    "UNIT_GRADES",
    "CountedUnit",
    "Engine",
    "Evaluation",
    "GradeCondition",
    "GradePoints",
    "GradeThreshold",
    "GradedUnit",
    "Grader",
    "GradingRules",
    "OnCourse",
    "PointsPer",
    "QualificationGrade",
    "Raise",
    "Rule",
    "RuleKind",
    "Shortfall",
    "UnitFact",
    "UnitGrades",
    "describe_grading",
    "describe_rules",
    "engine_for",
    "evaluate",
    "grader_for",
    "on_course_for",
    "qualification_grade",
    "validate_grading",
    "validate_rules",
]
