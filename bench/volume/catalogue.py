"""The national data set's catalogue: the demo's two qualifications and 38 more.

Each new qualification has 6 to 30 units and simple rules of combination (about two units'
credits, sometimes a mandatory unit), so that most candidates who finish a claim or two achieve
the full award, as at a real awarding body. Some are moderated, some externally verified.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Any

from bench.volume.copy import Staging

SECTORS = [
    "Business Administration",
    "Health and Social Care",
    "Hairdressing",
    "Beauty Therapy",
    "Plumbing",
    "Electrical Installation",
    "Carpentry and Joinery",
    "Brickwork",
    "Hospitality",
    "Professional Cookery",
    "Retail Skills",
    "Warehousing",
    "Team Leading",
    "Management",
    "Childcare",
    "Teaching Assistants",
    "Adult Care",
    "Sport and Active Leisure",
    "Travel and Tourism",
    "Digital Skills",
    "Creative Media",
    "Engineering",
    "Motor Vehicle Maintenance",
    "Logistics",
    "Security",
    "Cleaning",
    "Horticulture",
    "Animal Care",
    "Cyber Security",
    "Accounting",
    "Customer Contact",
    "Employability",
    "English Skills",
    "Mathematics Skills",
    "Food Safety",
    "Health and Safety",
    "Fitness Instruction",
    "Barbering",
]


@dataclass
class Qualification:
    id: int
    code: str
    moderated: bool
    methods: list[str]
    other_ab: bool
    #: (unit id, number, credits, level, graded) in number order
    units: list[tuple[int, int, int, int, bool]]
    #: for the rules engine
    rules: list[Any] = field(default_factory=list)
    popularity: float = 1.0


def build(stage: Staging, cursor: Any, rng: random.Random) -> dict[int, Qualification]:
    """The demo's two qualifications and 38 more, each with units and simple rules."""
    from bench.tables import column, table
    from catalogue import rules as engine

    quals, units = table("qualification"), table("unit")
    made: dict[int, Qualification] = {}
    cursor.execute(
        f'SELECT id, code, quality_assurance, evidence_methods, "{column("qualification", "allows_other_awarding_body_units")}" FROM "{quals}" ORDER BY code'  # noqa: E501, S608
    )
    for pk, code, qa, methods, other_ab in cursor.fetchall():
        cursor.execute(
            f'SELECT id, number, credits, level, grading FROM "{units}" WHERE "{column("unit", "qualification")}" = %s ORDER BY number',  # noqa: E501, S608
            [pk],
        )
        rows = [(u, n, c, lv, g != "pass") for u, n, c, lv, g in cursor.fetchall()]
        made[pk] = Qualification(pk, code, qa != "verification", _json(methods), other_ab, rows)
    for pk, rules in _demo_rules(cursor).items():
        made[pk].rules = rules
    unit_file = stage.table(
        "unit", "id", "qualification", "number", "title", "level", "credits", "grading", "reference"
    )
    qual_file = stage.table(
        "qualification",
        "id",
        "code",
        "title",
        "level",
        "quality_assurance",
        "evidence_methods",
        "allows_other_awarding_body_units",
    )
    rule_file = stage.table(
        "rule", "id", "qualification", "kind", "value", "level", "units", "per", "name"
    )
    for index, sector in enumerate(SECTORS):
        pk = stage.ids("qualification")
        level = 1 + index % 3
        qa = ("remote", "postal", "verification")[index % 3 if index % 5 else 2]
        methods = [["postal", "email"], ["eportfolio"], ["postal", "email", "eportfolio"]][
            index % 3
        ]
        other_ab = index % 3 == 0
        code = f"{20011 + index * 173:05d}"
        qual_file.row(
            pk, code, f"Level {level} Certificate in {sector}", level, qa, methods, other_ab
        )
        rows = []
        graded = index % 4 == 0
        for number in range(1, rng.randint(6, 30) + 1):
            unit_pk, credits = stage.ids("unit"), rng.choice((3, 4, 5, 6, 8, 10))
            title = f"{sector}: unit {number} [Level {level}]"
            reference = f"{'ADFHJKLMRTY'[number % 11]}/{600 + index:03d}/{number * 37 % 10000:04d}"
            grading = "pmd" if graded else "pass"
            unit_file.row(unit_pk, pk, number, title, level, credits, grading, reference)
            rows.append((unit_pk, number, credits, level, graded))
        # Most candidates need about two units; some qualifications have a mandatory unit.
        needed = sum(sorted(r[2] for r in rows)[:2])
        rule_file.row(stage.ids("rule"), pk, "min_credits", needed, None, [], "credits", "")
        rules = [engine.Rule(engine.RuleKind.MIN_CREDITS, value=needed)]
        if index % 8 == 1:
            rule_file.row(stage.ids("rule"), pk, "mandatory", None, None, [1], "credits", "")
            rules.append(engine.Rule(engine.RuleKind.MANDATORY, units=(1,)))
        made[pk] = Qualification(pk, code, qa != "verification", methods, other_ab, rows, rules)
    for rank, qualification in enumerate(sorted(made.values(), key=lambda q: q.code)):
        # A few qualifications are taken by many centres, most by few; 03991 the most.
        qualification.popularity = 1 / (rank + 1) if qualification.code != "03991" else 2.0
    return made


def _json(value: Any) -> Any:
    """A JSON column's value: Django's connection hands JSON to Python as text."""
    return json.loads(value) if isinstance(value, str) else value


def _demo_rules(cursor: Any) -> dict[int, list[Any]]:
    from bench.tables import column, table
    from catalogue import rules as engine

    qualification = column("rule", "qualification")
    cursor.execute(
        f'SELECT "{qualification}", kind, value, level, units, per, name FROM "{table("rule")}" ORDER BY id'  # noqa: E501, S608
    )
    rules: dict[int, list[Any]] = {}
    for pk, kind, value, level, units, per, name in cursor.fetchall():
        rules.setdefault(pk, []).append(
            engine.Rule(
                engine.RuleKind(kind),
                value=value,
                level=level,
                units=tuple(int(n) for n in _json(units)),
                per=per,
                name=name,
            )
        )
    return rules
