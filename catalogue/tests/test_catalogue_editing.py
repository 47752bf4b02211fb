"""Operations change the catalogue one record at a time: every refusal names its field, nothing
is half saved, the rules engine judges the whole rule set, and every change is audited."""

from pathlib import Path

import pytest

from accounts.models import User
from audit.models import AuditEvent
from catalogue import actions
from catalogue.actions import RuleInput
from catalogue.models import Qualification, Rule, Unit
from catalogue.structure import parse_file
from common.errors import Conflict, DomainErrors, NotFound, PermissionRefused

from .structure_files import without_grading

pytestmark = pytest.mark.django_db


def fields_of(error: pytest.ExceptionInfo[DomainErrors]) -> dict[str | None, str]:
    return {e.field: e.message for e in error.value.errors}


def details(**changes: object) -> dict[str, object]:
    return {
        "title": "Level 3 Diploma in Retail",
        "level": 3,
        "quality_assurance": "postal",
        "evidence_methods": ["eportfolio", "postal"],
        "allows_other_awarding_body_units": False,
        **changes,
    }


def test_creating_a_qualification_is_audited(ops: User) -> None:
    made = actions.create_qualification(acting_user=ops, code="07001", **details())  # type: ignore[arg-type]
    assert made.evidence_methods == ["postal", "eportfolio"]
    event = AuditEvent.objects.get(action="qualification.created", object_id=str(made.pk))
    assert event.actor_id == ops.pk
    assert event.changes["code"] == "07001"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "7001"}, "code"),
        ({"code": "03991"}, "code"),
        ({"title": "  "}, "title"),
        ({"level": 9}, "level"),
        ({"quality_assurance": "phone"}, "quality_assurance"),
        ({"evidence_methods": ["fax"]}, "evidence_methods"),
    ],
)
def test_a_bad_qualification_is_refused_beside_its_field(
    ops: User, changes: dict[str, object], field: str
) -> None:
    values = {"code": "07001", **details(), **changes}
    count = Qualification.objects.count()
    with pytest.raises(DomainErrors) as refused:
        actions.create_qualification(acting_user=ops, **values)  # type: ignore[arg-type]
    assert field in fields_of(refused)
    assert Qualification.objects.count() == count
    assert not AuditEvent.objects.filter(action="qualification.created").exists()


def test_only_operations_change_the_catalogue(tutor: User, moderator: User) -> None:
    for user in (tutor, moderator):
        with pytest.raises(PermissionRefused):
            actions.create_qualification(acting_user=user, code="07001", **details())  # type: ignore[arg-type]
        with pytest.raises(PermissionRefused):
            actions.retire_unit(acting_user=user, code="05203", unit_id=1)


def test_changing_details_records_before_and_after(ops: User) -> None:
    actions.update_qualification(
        acting_user=ops,
        code="05203",
        **details(title="Level 2 Certificate in Customer Service", level=2),  # type: ignore[arg-type]
        points_per="credit",
        best_credits=None,
    )
    event = AuditEvent.objects.get(action="qualification.changed")
    assert event.changes["quality_assurance"] == ["verification", "postal"]
    assert "title" not in event.changes


def test_credits_counted_for_a_grade_need_grading_rules(ops: User) -> None:
    # 03991 is graded Pass only in the demo world.
    with pytest.raises(DomainErrors) as refused:
        actions.update_qualification(
            acting_user=ops,
            code="03991",
            **details(),  # type: ignore[arg-type]
            points_per="credit",
            best_credits=16,
        )
    assert "graded Pass only" in fields_of(refused)["best_credits"]
    itq = Qualification.objects.get(code="03991")
    assert (itq.title, itq.best_credits) == ("Level 1 Award in IT User Skills (ITQ)", None)


def unit(**changes: object) -> dict[str, object]:
    return {
        "number": 9,
        "title": "Handle complaints [Level 2]",
        "level": 2,
        "credits": 4,
        "grading": "pmd",
        "reference": "",
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"number": 1}, "number"),
        ({"number": 0}, "number"),
        ({"title": ""}, "title"),
        ({"level": 0}, "level"),
        ({"credits": 0}, "credits"),
        ({"grading": "stars"}, "grading"),
        ({"reference": "A-123"}, "reference"),
    ],
)
def test_a_bad_unit_is_refused_beside_its_field(
    ops: User, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(DomainErrors) as refused:
        actions.add_unit(acting_user=ops, code="05203", **unit(**changes))  # type: ignore[arg-type]
    assert field in fields_of(refused)
    assert Unit.objects.filter(qualification__code="05203").count() == 8


def test_adding_and_changing_a_unit_is_audited(ops: User) -> None:
    added = actions.add_unit(acting_user=ops, code="05203", **unit(reference="b/123/4567"))  # type: ignore[arg-type]
    assert added.reference == "B/123/4567"
    actions.change_unit(
        acting_user=ops,
        code="05203",
        unit_id=added.pk,
        **unit(title="Complaints [Level 2]"),  # type: ignore[arg-type]
    )
    assert AuditEvent.objects.filter(action="unit.added", object_id=str(added.pk)).exists()
    changed = AuditEvent.objects.get(action="unit.changed")
    assert changed.changes["title"] == ["Handle complaints [Level 2]", "Complaints [Level 2]"]


def test_a_unit_a_rule_names_keeps_its_number(ops: User) -> None:
    first = Unit.objects.get(qualification__code="05203", number=1)
    with pytest.raises(DomainErrors) as refused:
        actions.change_unit(
            acting_user=ops,
            code="05203",
            unit_id=first.pk,
            **unit(number=20, title=first.title),  # type: ignore[arg-type]
        )
    assert "unit 1 is not in this qualification" in refused.value.errors[0].message
    assert Unit.objects.filter(pk=first.pk, number=1).exists()


def test_a_unit_claims_use_keeps_its_number_and_cannot_be_retired(ops: User) -> None:
    # Candidate 10050901 has achieved 03991's unit 1.
    used = Unit.objects.get(qualification__code="03991", number=1)
    with pytest.raises(DomainErrors) as refused:
        actions.change_unit(
            acting_user=ops,
            code="03991",
            unit_id=used.pk,
            **unit(number=90, title=used.title, level=1, credits=3, grading="pass"),  # type: ignore[arg-type]
        )
    assert "cannot change" in fields_of(refused)["number"]
    with pytest.raises(Conflict) as retired:
        actions.retire_unit(acting_user=ops, code="03991", unit_id=used.pk)
    assert "claims, results or named entries use it" in retired.value.message
    assert Unit.objects.filter(pk=used.pk).exists()
    assert not AuditEvent.objects.filter(action="unit.retired").exists()


def test_a_unit_a_rule_names_cannot_be_retired(ops: User) -> None:
    mandatory = Unit.objects.get(qualification__code="05203", number=2)
    with pytest.raises(DomainErrors) as refused:
        actions.retire_unit(acting_user=ops, code="05203", unit_id=mandatory.pk)
    assert refused.value.message == (
        "Unit 2 cannot be retired: rule 1 (mandatory units) names it; change the rules first"
    )


def test_retiring_an_unused_unit_removes_it_and_is_audited(ops: User) -> None:
    spare = Unit.objects.get(qualification__code="05203", number=8)
    assert actions.retire_unit(acting_user=ops, code="05203", unit_id=spare.pk) == 8
    assert not Unit.objects.filter(pk=spare.pk).exists()
    event = AuditEvent.objects.get(action="unit.retired")
    assert event.changes["number"] == 8 and event.actor_id == ops.pk


def test_another_qualifications_unit_is_not_found(ops: User) -> None:
    other = Unit.objects.get(qualification__code="03991", number=5)
    with pytest.raises(NotFound):
        actions.retire_unit(acting_user=ops, code="05203", unit_id=other.pk)


@pytest.mark.parametrize(
    ("rule", "field", "message"),
    [
        (RuleInput("min_credits"), "value", "Enter the minimum number of credits"),
        (RuleInput("min_credits_at_level", value=4), "level", "Enter the level"),
        (RuleInput("mandatory"), "units", "Lists no units"),
        (RuleInput("barred", units=(3,)), "units", "A barred combination needs at least 2 units"),
        (
            RuleInput("group", value=3, units=(3, 4), per="units"),
            "value",
            "Asks for 3 units but the group has only 2",
        ),
        (
            RuleInput("barred", units=(1, 2)),
            "units",
            "Units 1 and 2 are both mandatory but only one can count",
        ),
    ],
)
def test_the_engine_refuses_a_rule_beside_its_field(
    ops: User, rule: RuleInput, field: str, message: str
) -> None:
    before = list(Rule.objects.filter(qualification__code="05203").values())
    with pytest.raises(DomainErrors) as refused:
        actions.add_rule(acting_user=ops, code="05203", rule=rule)
    assert fields_of(refused) == {field: message}
    assert list(Rule.objects.filter(qualification__code="05203").values()) == before
    assert not AuditEvent.objects.filter(action__startswith="rule.").exists()


def test_a_rule_that_breaks_another_is_refused_naming_that_rule(ops: User) -> None:
    barred = actions.add_rule(acting_user=ops, code="05203", rule=RuleInput("barred", units=(3, 4)))
    mandatory = Rule.objects.get(qualification__code="05203", kind="mandatory")
    with pytest.raises(DomainErrors) as refused:
        actions.change_rule(
            acting_user=ops,
            code="05203",
            rule_id=mandatory.pk,
            rule=RuleInput("mandatory", units=(1, 2, 3, 4)),
        )
    assert fields_of(refused) == {
        None: "Rule 3 (barred): units 3 and 4 are both mandatory but only one can count"
    }
    assert Rule.objects.get(pk=mandatory.pk).units == [1, 2]
    assert Rule.objects.filter(pk=barred.pk).exists()


def test_rules_keep_only_the_fields_their_kind_uses_and_changes_are_audited(ops: User) -> None:
    added = actions.add_rule(
        acting_user=ops,
        code="05203",
        rule=RuleInput("group", value=2, level=3, units=(4, 3, 5), per="units", name=" Optional "),
    )
    assert (added.value, added.level, added.units, added.name) == (2, None, [3, 4, 5], "Optional")
    changed = actions.change_rule(
        acting_user=ops,
        code="05203",
        rule_id=added.pk,
        rule=RuleInput("mandatory", value=5, units=(3,)),
    )
    assert (changed.value, changed.per, changed.name) == (None, "credits", "")
    event = AuditEvent.objects.get(action="rule.changed")
    assert event.changes["kind"] == ["group", "mandatory"]
    assert actions.remove_rule(acting_user=ops, code="05203", rule_id=added.pk) == 3
    assert AuditEvent.objects.filter(action="rule.removed").exists()


def test_checking_a_rule_saves_nothing(ops: User) -> None:
    verdict = actions.check_rule(
        acting_user=ops, code="05203", rule=RuleInput("min_credits", value=20)
    )
    assert verdict.sound
    assert "At least 20 credits" in verdict.words
    assert not Rule.objects.filter(qualification__code="05203", value=20).exists()


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            RuleInput("group", value=100, units=(3, 4), per="credits"),
            "Units 3 and 4 give 8 credits at most: the group cannot ask for 100",
        ),
        (
            RuleInput("min_credits", value=33),
            "The qualification's units give 32 credits at most: the rule cannot ask for 33",
        ),
        (
            RuleInput("min_credits_at_level", value=1, level=3),
            "The units at Level 3 or above give 0 credits at most: the rule cannot ask for 1",
        ),
    ],
)
def test_a_rule_no_units_could_meet_is_refused_beside_its_value(
    ops: User, rule: RuleInput, message: str
) -> None:
    with pytest.raises(DomainErrors) as refused:
        actions.add_rule(acting_user=ops, code="05203", rule=rule)
    assert fields_of(refused) == {"value": message}
    assert Rule.objects.filter(qualification__code="05203").count() == 2


def test_rules_that_all_the_units_together_cannot_meet_are_refused(ops: User) -> None:
    # 16 credits, but units 3 to 8 are barred together: 1, 2 and one of them give 12.
    with pytest.raises(DomainErrors) as refused:
        actions.add_rule(
            acting_user=ops, code="05203", rule=RuleInput("barred", units=(3, 4, 5, 6, 7, 8))
        )
    [error] = refused.value.errors
    assert error.message.startswith("Rules: all the units together do not meet the rules")
    assert "needs 4 more credits" in error.message


def test_the_best_credits_a_grade_counts_keep_the_minimum_of_credits(ops: User) -> None:
    # The demo's 05203 counts the best 16 credits for its grade.
    minimum = Rule.objects.get(qualification__code="05203", kind="min_credits")
    with pytest.raises(DomainErrors) as refused:
        actions.remove_rule(acting_user=ops, code="05203", rule_id=minimum.pk)
    assert [e.message for e in refused.value.errors] == [
        "Grading: the best 16 credits count, but the rules of combination ask for no minimum "
        "of credits, so a candidate could have fewer"
    ]
    assert Rule.objects.filter(pk=minimum.pk).exists()


def test_rules_that_ask_for_nothing_are_refused_and_the_last_rule_asking_cannot_go(
    ops: User, tmp_path: Path
) -> None:
    # Graded Pass only, 05203's rules need not keep a minimum of credits for its grade.
    structure = parse_file(without_grading(tmp_path, "05203.json"))
    actions.load_qualification_structure(structure=structure, acting_user=ops)
    mandatory = Rule.objects.get(qualification__code="05203", kind="mandatory")
    minimum = Rule.objects.get(qualification__code="05203", kind="min_credits")
    actions.remove_rule(acting_user=ops, code="05203", rule_id=minimum.pk)
    with pytest.raises(DomainErrors) as refused:
        actions.change_rule(
            acting_user=ops,
            code="05203",
            rule_id=mandatory.pk,
            rule=RuleInput("barred", units=(1, 2)),
        )
    assert [e.message for e in refused.value.errors] == [
        "Rules: no rule asks for any units, so a full award would need none; keep a minimum "
        "number of credits, a mandatory unit, a group minimum or a minimum at a level above 0"
    ]
    actions.add_rule(acting_user=ops, code="05203", rule=RuleInput("barred", units=(3, 4)))
    with pytest.raises(DomainErrors):
        actions.remove_rule(acting_user=ops, code="05203", rule_id=mandatory.pk)
    assert Rule.objects.filter(pk=mandatory.pk, kind="mandatory").exists()
