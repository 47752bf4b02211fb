"""A qualification's structure is read once a process per version, and every change to it,
whoever makes it, is on the next page at once."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from catalogue import structure_cache
from catalogue.actions.rules import RuleInput, add_rule
from catalogue.models import Qualification, RuleKind, Unit

from .structure_files import customer_service_without_unit_8, run

pytestmark = pytest.mark.django_db


def _version(code: str) -> int:
    return Qualification.objects.get(code=code).structure_version


def _primed(code: str) -> tuple[Qualification, int]:
    qualification = Qualification.objects.get(code=code)
    with CaptureQueriesContext(connection) as queries:
        structure_cache.prime(qualification)
        list(qualification.units.all())
        list(qualification.rules.all())
        list(qualification.grade_thresholds.all())
    return qualification, len(queries)


def test_the_structure_is_read_once_and_each_reader_gets_its_own_rows(demo: None) -> None:
    first, reads = _primed("05203")
    assert reads == len(structure_cache.RELATIONS)
    second, reads_again = _primed("05203")
    assert reads_again == 0
    assert [u.number for u in second.units.all()] == list(
        Unit.objects.filter(qualification=second)
        .order_by("number")
        .values_list("number", flat=True)
    )
    assert [r.pk for r in second.rules.all()] == list(
        second.rules.model.objects.filter(qualification=second).values_list("pk", flat=True)
    )
    # Built for each reader: what one page sets on a unit is not on another's.
    unit = first.units.all()[0]
    unit.title = "Changed by one request"
    assert second.units.all()[0].title != unit.title
    assert second.units.all()[0].qualification is second


def test_a_rule_added_raises_the_version(demo: None, ops: User) -> None:
    before = _version("03991")
    add_rule(
        acting_user=ops,
        code="03991",
        rule=RuleInput(kind=RuleKind.MIN_CREDITS, value=1),
    )
    assert _version("03991") > before


def test_a_structure_loaded_in_bulk_is_read_again(demo: None, tmp_path: Path) -> None:
    _primed("05203")
    before = _version("05203")
    run(customer_service_without_unit_8(tmp_path))
    assert _version("05203") > before
    qualification, reads = _primed("05203")
    assert reads == len(structure_cache.RELATIONS)
    titles = [u.title for u in qualification.units.all()]
    assert any("Support customer service (changed)" in t for t in titles)
    assert not any("Develop customer relationships" in t for t in titles)


def test_saving_a_row_read_before_a_change_keeps_the_new_version(demo: None, ops: User) -> None:
    stale = Qualification.objects.get(code="03991")
    structure_cache.structure_changed(stale.pk)
    stale.title = "A new title"
    stale.save()
    fresh = Qualification.objects.get(code="03991")
    assert (fresh.title, fresh.structure_version) == ("A new title", stale.structure_version + 1)
