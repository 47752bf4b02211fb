"""Grading rules in qualification files: read, checked with every problem on its line, loaded
whole into plain rows, and read back for the rules engine."""

import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import AuditEvent
from catalogue import rules as rules_engine
from catalogue.grading import (
    GRADING_PREFETCH,
    graded_unit,
    grading_record,
    grading_rules,
    unit_grades,
)
from catalogue.models import (
    GradeCondition,
    GradePoints,
    GradeThreshold,
    PointsPer,
    Qualification,
    Unit,
)
from catalogue.selectors import engine_rules
from catalogue.structure import described, parse_file, parse_text
from common.errors import DomainErrors

from .structure_files import without_grading

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DEMO_JSON = EXAMPLES / "05203.json"
GRADED_JSON = EXAMPLES / "05203-distinction-star.json"
GRADED_CSV = EXAMPLES / "05203-distinction-star.csv"
HEADER = (
    "record,code,title,level,quality_assurance,evidence_methods,"
    "allows_other_awarding_body_units,number,credits,grading,reference,kind,value,units,per,name,"
    "points_per,best_credits,unit_grade,points,size,grade"
)


def run(path: Path) -> str:
    out = io.StringIO()
    call_command("load_qualification", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def failing(path: Path) -> list[str]:
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_qualification", str(path), stdout=io.StringIO(), stderr=err)
    return [line.split(": ", 1)[1] for line in err.getvalue().splitlines()]


def customer_service() -> Qualification:
    return Qualification.objects.prefetch_related(*GRADING_PREFETCH).get(code="05203")


DEMO_GRADING = rules_engine.GradingRules(
    thresholds=(
        rules_engine.GradeThreshold("Pass"),
        rules_engine.GradeThreshold("Merit", 120),
        rules_engine.GradeThreshold("Distinction", 132),
    ),
    points=(
        rules_engine.GradePoints("Pass", 7),
        rules_engine.GradePoints("Merit", 8),
        rules_engine.GradePoints("Distinction", 9),
    ),
    best_credits=16,
    conditions=(rules_engine.GradeCondition("Distinction", "Merit"),),
)


def test_the_demo_example_carries_the_demo_05203s_grading(demo: None) -> None:
    demo_file = parse_file(DEMO_JSON)
    assert demo_file == parse_file(EXAMPLES / "05203.csv")
    assert demo_file.grading == DEMO_GRADING
    assert grading_rules(customer_service()) == DEMO_GRADING


def test_the_distinction_star_example_is_the_demo_05203_with_a_grade_above(db: None) -> None:
    graded = parse_file(GRADED_JSON)
    assert graded == parse_file(GRADED_CSV)
    assert replace(graded, grading=None) == replace(parse_file(DEMO_JSON), grading=None)
    assert graded.grading == replace(
        DEMO_GRADING,
        thresholds=(*DEMO_GRADING.thresholds, rules_engine.GradeThreshold("Distinction*", 140)),
    )


def test_loading_other_grading_into_the_demo_replaces_only_the_grading_once(demo: None) -> None:
    units_before = list(Unit.objects.filter(qualification__code="05203").values())
    out = run(GRADED_JSON)
    assert out.strip().endswith("(8 units, 2 rules): grading replaced")
    qualification = customer_service()
    assert grading_rules(qualification) == parse_file(GRADED_JSON).grading
    assert (qualification.points_per, qualification.best_credits) == (PointsPer.CREDIT, 16)
    assert list(Unit.objects.filter(qualification=qualification).values()) == units_before
    event = AuditEvent.objects.get(action="qualification.loaded")
    assert event.changes["grading"] == [
        grading_record(DEMO_GRADING),
        grading_record(parse_file(GRADED_JSON).grading),
    ]
    assert set(event.changes) == {"grading", "source"}

    assert run(GRADED_CSV).startswith("No changes")
    assert run(GRADED_JSON).startswith("No changes")
    assert AuditEvent.objects.filter(action="qualification.loaded").count() == 1


def test_a_file_without_grading_leaves_the_qualification_graded_pass_only(
    demo: None, tmp_path: Path
) -> None:
    run(GRADED_JSON)
    out = run(without_grading(tmp_path, "05203.csv"))
    assert out.strip().endswith("grading replaced")
    qualification = customer_service()
    assert grading_rules(qualification) is None
    assert not GradePoints.objects.exists()
    assert not GradeThreshold.objects.exists()
    assert not GradeCondition.objects.exists()
    assert (qualification.points_per, qualification.best_credits) == (PointsPer.CREDIT, None)


def test_the_stored_rules_grade_a_candidate(demo: None, django_assert_num_queries: Any) -> None:
    run(GRADED_JSON)
    qualification = Qualification.objects.prefetch_related("rules", "units", *GRADING_PREFETCH).get(
        code="05203"
    )
    with django_assert_num_queries(0):
        rules = engine_rules(qualification)
        grading = grading_rules(qualification)
        units = {u.number: u for u in qualification.units.all()}
        available = unit_grades(units.values())
    achieved = [graded_unit(units[1], "Merit"), graded_unit(units[2], "Merit")]
    claimed = [graded_unit(units[3], "Pass"), graded_unit(units[4], "Pass")]
    grade = rules_engine.qualification_grade(rules, grading, [*achieved, *claimed])
    assert (grade.grade, grade.points) == ("Merit", 120)
    course = rules_engine.on_course_for(
        rules, grading, achieved=achieved, claimed=claimed, available=available
    )
    assert course.sentences == [
        "On course for Merit (120 points from the best 16 credits)",
        "Distinctions in two more 4-credit units give Distinction overall",
    ]
    assert rules_engine.qualification_grade(rules, grading, achieved).grade is None


def row(record: str, **cells: object) -> str:
    columns = HEADER.split(",")
    values = [""] * len(columns)
    values[0] = record
    for name, value in cells.items():
        values[columns.index(name)] = str(value)
    return ",".join(values)


def graded_csv(tmp_path: Path, *rows: str, points_per: str = "") -> Path:
    path = tmp_path / "graded.csv"
    path.write_text(
        "\n".join(
            [
                HEADER,
                row(
                    "qualification",
                    code="05203",
                    title="Customer service",
                    level=2,
                    quality_assurance="verification",
                    points_per=points_per,
                    best_credits=8,
                ),
                row("unit", title="One [Level 2]", level=2, number=1, credits=4, grading="pmd"),
                row("unit", title="Two [Level 2]", level=2, number=2, credits=4, grading="pmd"),
                row("unit", title="Three [Level 2]", level=2, number=3, credits=4),
                row("rule", kind="mandatory", units="1;2"),
                row("rule", kind="min_credits", value=8),
                *rows,
            ]
        ),
        encoding="utf-8",
    )
    return path


def test_every_grading_row_problem_in_a_csv_file_is_reported_with_its_line(
    empty_database: None, tmp_path: Path
) -> None:
    path = graded_csv(
        tmp_path,
        row("grade_points", unit_grade="Pass", points=7),
        row("grade_points", unit_grade="Merit", points="eight"),
        row("grade_points", unit_grade="Star", points=9),
        row("grade_points", unit_grade="Merit", points=8, kind="group"),
        row("grade_threshold", grade="Pass"),
        row("grade_threshold", points=60),
        row("grade_condition", grade="Merit", unit_grade="Merit", units="3;x"),
        points_per="sideways",
    )
    assert failing(path) == [
        "line 2, points_per: must be one of credit, unit (got 'sideways')",
        "line 9, points: must be a whole number (got 'eight')",
        "line 10, unit_grade: must be one of Pass, Merit, Distinction (got 'Star')",
        "line 11, kind: a grade_points row does not use this column",
        "line 13, grade: is missing",
        "line 14, units: must be unit numbers (got 'x')",
    ]
    assert not Qualification.objects.exists()


def test_every_grading_rules_problem_in_a_csv_file_is_put_on_its_line(
    empty_database: None, tmp_path: Path
) -> None:
    path = graded_csv(
        tmp_path,
        row("grade_points", unit_grade="Pass", points=7),
        row("grade_points", unit_grade="Distinction", points=9, size=4),
        row("grade_threshold", grade="Pass"),
        row("grade_threshold", grade="Merit", points=60),
        row("grade_threshold", grade="Distinction", points=56),
        row("grade_condition", grade="Distinction", unit_grade="Merit", units="3;9"),
    )
    assert failing(path) == [
        "line 2: Grading: no points for a Merit in units 1 and 2",
        "line 9: Grade points 2 (Distinction, 4 credits): a size is for points a unit; with "
        "points a credit leave it out",
        "line 12: Grade threshold 3 (Distinction): needs more points than Merit (60)",
        "line 13: Grade condition 1 (Distinction): unit 9 is not in this qualification",
        "line 13: Grade condition 1 (Distinction): unit 3 is never graded Merit",
    ]
    assert not Qualification.objects.exists()


def test_grading_as_a_whole_is_judged_once_every_row_reads(db: None, tmp_path: Path) -> None:
    text = GRADED_JSON.read_text()
    sound = text.replace('"best_credits": 16', '"best_credits": 20')
    path = tmp_path / "x.json"
    path.write_text(sound, encoding="utf-8")
    assert failing(path) == [
        "line 1: Grading: the best 20 credits count, but the rules of combination ask for only "
        "16 credits, so a candidate could have fewer"
    ]
    # With a row that cannot be read, what the rules lack as a whole waits for it.
    unreadable = sound.replace('{"unit_grade": "Merit", "points": 8}', '{"points": 8}')
    path.write_text(unreadable, encoding="utf-8")
    assert failing(path) == ["line 26, grade_points[1].unit_grade: is missing"]


def test_every_grading_problem_in_a_json_file_is_reported_with_its_path(
    db: None, tmp_path: Path
) -> None:
    text = GRADED_JSON.read_text()
    text = text.replace(
        '{"unit_grade": "Pass", "points": 7}', '{"unit_grade": "Pass", "points": 7, "per": 1}'
    )
    text = text.replace('{"grade": "Merit", "points": 120}', '{"grade": "Merit", "points": -1}')
    text = text.replace('"grade_conditions": [', '"grade_conditions": [7, ')
    text = text.replace('{"grade": "Pass"}', '{"grade": "A grade name that is far too long"}')
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    assert failing(path) == [
        "line 1, grade_conditions[0]: must be an object",
        "line 25, grade_points[0]: unknown field 'per'; expected any of unit_grade, points, "
        "level, size",
        "line 30, grade_thresholds[0].grade: must be 12 characters or fewer",
        "line 31, grade_thresholds[1].points: must be a whole number from 0 to 9989001 (got -1)",
    ]


def test_parsing_refuses_grading_with_no_thresholds(db: None, tmp_path: Path) -> None:
    text = (
        without_grading(tmp_path, "05203.json")
        .read_text()
        .replace(
            '"allows_other_awarding_body_units": false,',
            '"allows_other_awarding_body_units": false, "best_credits": 16,',
        )
    )
    with pytest.raises(DomainErrors) as raised:
        parse_text(text, name="x.json")
    assert described(raised.value) == [
        "line 1: Grading: there are no grade thresholds, so there can be no grade points, best "
        "credits or grade conditions (a qualification graded Pass only has none)"
    ]


def test_the_documentation_shows_grading_as_the_files_hold_it(db: None, tmp_path: Path) -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "qualification-files.md").read_text()
    example = re.search(r"```json\n(.*?)```", doc, re.S)
    assert example
    grading = parse_text(example.group(1), name="doc.json").grading
    assert grading is not None
    assert grading.grades == ("Pass", "Merit", "Distinction")
    assert grading.best_credits == 8

    path = tmp_path / "05203.json"
    path.write_text(GRADED_JSON.read_text().replace('"points": 132', '"points": 110'))
    (problem,) = failing(path)
    assert f"A grading problem reads like `{problem}`" in " ".join(doc.split())


def test_the_engine_tests_grade_05203_by_the_example_files_rules(db: None) -> None:
    from .test_grading import CS_GRADING, CS_RULES

    structure = parse_file(GRADED_JSON)
    assert structure.grading == CS_GRADING
    assert tuple(rule.engine_rule() for rule in structure.rules) == CS_RULES


def test_a_qualification_written_outside_the_orm_is_graded_pass_only(db: None) -> None:
    # Bulk loaders (the volume benchmark copies rows in) name only the columns they know.
    table = Qualification._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (code, title, level, quality_assurance, evidence_methods, "  # noqa: S608
            "allows_other_awarding_body_units) VALUES ('09999', 'Bulk', 1, 'postal', '[]', %s)",
            [False],
        )
    qualification = Qualification.objects.get(code="09999")
    assert (qualification.points_per, qualification.best_credits) == (PointsPer.CREDIT, None)
    assert grading_rules(qualification) is None
