"""manage.py load_qualification: check everything, report every problem with its line, load
all or nothing, and change nothing when loaded twice."""

import re
from pathlib import Path

import pytest

from audit.models import AuditEvent
from catalogue.models import Qualification, Rule, Unit
from catalogue.structure import described, parse_file, parse_text
from common.errors import DomainErrors

from .structure_files import EXAMPLES, failing, run, write

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "qualification-files.md"
HEADER = (
    "record,code,title,level,quality_assurance,evidence_methods,"
    "allows_other_awarding_body_units,number,credits,grading,reference,kind,value,units,per,name"
)


def structure_of(code: str) -> dict[str, object]:
    qualification = Qualification.objects.get(code=code)
    return {
        "details": Qualification.objects.filter(code=code)
        .values("title", "level", "quality_assurance", "evidence_methods")
        .get(),
        "other_ab": qualification.allows_other_awarding_body_units,
        "units": list(
            Unit.objects.filter(qualification=qualification)
            .order_by("number")
            .values_list("number", "title", "level", "credits", "grading", "reference")
        ),
        "rules": list(
            Rule.objects.filter(qualification=qualification)
            .order_by("id")
            .values_list("kind", "value", "level", "units", "per", "name")
        ),
    }


@pytest.mark.parametrize("example", ["05203.json", "05203.csv"])
def test_the_examples_are_exactly_the_demo_world(demo: None, example: str) -> None:
    before = structure_of("05203")
    events = AuditEvent.objects.count()
    out, _ = run(EXAMPLES / example)
    assert out.strip() == (
        f"No changes: 05203 Level 2 Certificate in Customer Service already matches {example}"
    )
    assert structure_of("05203") == before
    assert AuditEvent.objects.count() == events


def test_both_example_formats_describe_the_same_structure() -> None:
    assert parse_file(EXAMPLES / "05203.json") == parse_file(EXAMPLES / "05203.csv")


def test_loading_into_an_empty_catalogue_creates_it_and_again_changes_nothing(
    empty_database: None,
) -> None:
    out, _ = run(EXAMPLES / "05203.json")
    assert "Loaded 05203 Level 2 Certificate in Customer Service (8 units, 2 rules)" in out
    loaded = structure_of("05203")
    assert loaded["units"][0] == (1, "Principles of customer service [Level 2]", 2, 4, "pmd", "")  # type: ignore[index]
    assert loaded["rules"] == [
        ("mandatory", None, None, [1, 2], "credits", ""),
        ("min_credits", 16, None, [], "credits", ""),
    ]
    event = AuditEvent.objects.get(action="qualification.loaded")
    assert event.changes["units_added"] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert event.changes["source"] == "05203.json"

    out, _ = run(EXAMPLES / "05203.csv")
    assert out.startswith("No changes")
    assert structure_of("05203") == loaded
    assert AuditEvent.objects.filter(action="qualification.loaded").count() == 1


def test_changes_are_applied_together_and_audited(ops: object, tmp_path: Path) -> None:
    text = (EXAMPLES / "05203.json").read_text()
    text = text.replace(
        '"credits": 4, "grading": "pmd"},\n    {"number": 8',
        '"credits": 6, "grading": "pmd"},\n    {"number": 8',
    )
    text = text.replace(
        '{"kind": "min_credits", "value": 16}', '{"kind": "min_credits", "value": 20}'
    )
    text = text.replace(
        '"allows_other_awarding_body_units": false', '"allows_other_awarding_body_units": true'
    )
    path = write(tmp_path, "05203.json", text)
    out, _ = run(path, "--user", "ops@awarding.test")
    assert (
        "changed allows_other_awarding_body_units; 1 unit changed; rules replaced (2 rules)" in out
    )
    qualification = Qualification.objects.get(code="05203")
    assert qualification.allows_other_awarding_body_units
    assert Unit.objects.get(qualification=qualification, number=7).credits == 6
    assert list(qualification.rules.values_list("value", flat=True)) == [None, 20]
    event = AuditEvent.objects.get(action="qualification.loaded")
    assert event.actor == ops
    assert event.changes["units_changed"] == [7]
    assert event.changes["allows_other_awarding_body_units"] == [False, True]


def test_every_problem_in_a_csv_file_is_reported_with_its_line(demo: None, tmp_path: Path) -> None:
    before = structure_of("05203")
    path = write(
        tmp_path,
        "bad.csv",
        "\n".join(
            [
                HEADER + ",colour",
                "qualification,5203,Customer service,9,verify,postal;fax,maybe,,,,,,,,,,",
                "unit,,Principles [Level 2],2,,,,1,0,pmd,A/12/4567,,,,,,",
                "unit,,,2,,,,1,4,xyz,,,,,,,",
                "unit,,Three [Level 2],2,,,,3,4,,,,16,,,,",
                "rule,,,,,,,,,,,mandatory,,1;2,,,",
                "rule,,,,,,,,,,,min_credits,-3,,,,",
                "rule,,,,,,,,,,,sideways,3,,,,",
                "rule,,,,,,,,,,,min_credits_at_level,4,,,,",
                "rule,,,,,,,,,,,group,5,1;3,pages,,",
                "chapter,,,,,,,,,,,,,,,,",
            ]
        ),
    )
    message, lines = failing(path)
    assert message.endswith("18 problems found; nothing was loaded")
    reported = [line.split(": ", 1)[1] for line in lines]
    expected = [
        "line 1: unknown column 'colour'",
        "line 2, code: must be the entry code as 5 digits (got '5203')",
        "line 2, level: must be a level from 1 to 8 (got 9)",
        "line 2, quality_assurance: must be one of postal, remote, verification (got 'verify')",
        "line 2, evidence_methods: must each be one of postal, email, eportfolio (got 'fax')",
        "line 2, allows_other_awarding_body_units: must be true or false",
        "line 3, credits: must be a whole number from 1 to 999 (got 0)",
        "line 3, reference: must look like A/123/4567 (got 'A/12/4567')",
        "line 4, title: is missing",
        "line 4, grading: must be one of pass, pmd (got 'xyz')",
        "line 4: unit number 1 is repeated (first on line 3)",
        "line 5, value: a unit row does not use this column",
        "line 6: Rule 1 (mandatory): unit 2 is not in this qualification",
        "line 7: Rule 2 (min_credits): the value must not be negative (got -3)",
        "line 8, kind: must be one of min_credits, mandatory, group",
        "line 9: Rule 4 (min_credits_at_level): needs a level",
        "line 10, per: must be one of credits, units (got 'pages')",
        "line 11, record: must be qualification, unit, rule, grade_points, grade_threshold or "
        "grade_condition (got 'chapter')",
    ]
    for want in expected:
        assert any(line.startswith(want) for line in reported), (want, reported)
    assert len(reported) == len(expected)
    assert structure_of("05203") == before
    assert not AuditEvent.objects.filter(action="qualification.loaded").exists()


def test_every_problem_in_a_json_file_is_reported_with_its_path_and_line(
    empty_database: None, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "bad.json",
        """{
  "code": "05203",
  "title": "Customer service",
  "level": 2,
  "quality_assurance": "verification",
  "colour": "blue",
  "units": [
    {"number": 1, "title": "One [Level 2]", "level": 2, "credits": 4},
    {"number": 1, "title": "Two [Level 2]", "level": 12, "credits": "four", "size": 3},
    {"number": 0, "title": "Zero", "level": 2, "credits": 4, "reference": "A1234567"},
    7
  ],
  "rules": [
    {"kind": "mandatory", "units": [1, 9]},
    {"kind": "group", "units": [1], "value": 3, "per": "units"},
    {"kind": "barred", "units": [1]},
    {"kind": "min_credits", "value": true}
  ]
}
""",
    )
    _, lines = failing(path)
    reported = [line.split(": ", 1)[1] for line in lines]
    expected = [
        "line 1, (top level): unknown field 'colour'",
        "line 1, units[3]: must be an object",
        "line 9, units[1]: unknown field 'size'",
        "line 9, units[1].level: must be a level from 1 to 8 (got 12)",
        "line 9, units[1].credits: must be a whole number (got 'four')",
        "line 9, units[1]: unit number 1 is repeated (first on line 8)",
        "line 10, units[2].number: must be a whole number from 1 up (got 0)",
        "line 10, units[2].reference: must look like A/123/4567 (got 'A1234567')",
        "line 14, rules[0]: Rule 1 (mandatory): unit 9 is not in this qualification",
        "line 15, rules[1]: Rule 2 (group): asks for 3 units but the group has only 1",
        "line 16, rules[2]: Rule 3 (barred): a barred combination needs at least 2 units",
        "line 17, rules[3].value: must be a whole number",
    ]
    for want in expected:
        assert any(line.startswith(want) for line in reported), (want, reported)
    assert len(reported) == len(expected)
    assert not Qualification.objects.exists()


def test_a_refused_file_is_one_domain_errors_with_each_line_as_the_row(db: None) -> None:
    text = (EXAMPLES / "05203.json").read_text().replace('"credits": 4', '"credits": "four"', 1)
    with pytest.raises(DomainErrors) as raised:
        parse_text(text, name="x.json")
    [problem] = raised.value.errors
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"four"' in row)
    assert (problem.row, problem.field, problem.code) == (
        line,
        "units[0].credits",
        "invalid_structure",
    )
    assert problem.message == "must be a whole number (got 'four')"
    assert raised.value.message == "1 problem found"


def test_a_json_syntax_error_names_its_line_and_column(db: None, tmp_path: Path) -> None:
    path = write(tmp_path, "broken.json", '{"code": "05203",\n "units": [1, }\n')
    _, lines = failing(path)
    assert lines == [f"{path}: line 2, column 15: not valid JSON: Expecting value"]


def test_engine_rule_problems_point_at_the_rule_in_the_file() -> None:
    text = "\n".join(
        [
            HEADER,
            "qualification,05203,Customer service,2,verification,,no,,,,,,,,,",
            "unit,,One [Level 2],2,,,,1,4,,,,,,,",
            "unit,,Two [Level 2],2,,,,2,4,,,,,,,",
            "rule,,,,,,,,,,,mandatory,,1 2,,",
            "rule,,,,,,,,,,,barred,,1;2,,",
        ]
    )
    with pytest.raises(DomainErrors) as raised:
        parse_text(text, name="x.csv")
    assert described(raised.value) == [
        "line 6: Rule 2 (barred): units 1 and 2 are both mandatory but only one can count"
    ]


def test_a_file_whose_rules_no_units_could_meet_is_refused_on_the_rule_line() -> None:
    text = "\n".join(
        [
            HEADER,
            "qualification,05203,Customer service,2,verification,,no,,,,,,,,,",
            "unit,,One [Level 2],2,,,,1,4,,,,,,,",
            "unit,,Two [Level 2],2,,,,2,4,,,,,,,",
            "rule,,,,,,,,,,,min_credits,4,,,",
            "rule,,,,,,,,,,,group,100,1;2,,",
        ]
    )
    with pytest.raises(DomainErrors) as raised:
        parse_text(text, name="x.csv")
    assert described(raised.value) == [
        "line 6: Rule 2 (group): units 1 and 2 give 8 credits at most: the group cannot ask for 100"
    ]
    barred_only = text.rsplit("\n", 2)[0] + "\nrule,,,,,,,,,,,barred,,1;2,,"
    with pytest.raises(DomainErrors) as raised:
        parse_text(barred_only, name="x.csv")
    [problem] = described(raised.value)
    assert problem.startswith("rules: no rule asks for any units")


def test_check_only_checks(empty_database: None) -> None:
    out, _ = run(EXAMPLES / "05203.csv", "--check")
    assert "is sound (8 units, 2 rules); nothing was loaded" in out
    assert not Qualification.objects.exists()


def test_only_an_operations_user_can_be_named(demo: None) -> None:
    message, _ = failing(EXAMPLES / "05203.json", "--user", "tutor@northfield.test")
    assert "is not an awarding body operations user" in message


def test_the_examples_in_the_documentation_are_sound() -> None:
    doc = DOC.read_text()
    json_block = re.search(r"```json\n(.*?)```", doc, re.S)
    csv_block = re.search(r"```csv\n(.*?)```", doc, re.S)
    assert json_block and csv_block
    from_json = parse_text(json_block.group(1), name="doc.json")
    from_csv = parse_text(csv_block.group(1), name="doc.csv")
    assert from_json == from_csv
    assert from_json.units[0].reference == "A/123/4567"
