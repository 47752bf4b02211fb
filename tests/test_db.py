"""The integer list aggregate, on whichever database the suite runs (SQLite or PostgreSQL)."""

import pytest
from django.db.models import Q

from catalogue.models import Qualification, Unit
from common.db import IntegerList, parse_integers

pytestmark = pytest.mark.django_db


def _qualification(code: str, numbers: list[int]) -> Qualification:
    qualification = Qualification.objects.create(code=code, title=f"Test {code}", level=1)
    Unit.objects.bulk_create(
        Unit(qualification=qualification, number=n, title=f"Unit {n}", level=1, credits=1)
        for n in numbers
    )
    return qualification


def test_each_group_gives_its_values() -> None:
    _qualification("T0001", [3, 1, 250])
    _qualification("T0002", [])
    found = dict(
        Qualification.objects.filter(code__startswith="T000")
        .annotate(numbers=IntegerList("units__number"))
        .values_list("code", "numbers")
    )
    assert sorted(parse_integers(found["T0001"])) == [1, 3, 250]
    assert parse_integers(found["T0002"]) == []


def test_a_filter_keeps_only_matching_values() -> None:
    _qualification("T0003", [1, 2, 3, 4])
    joined = (
        Qualification.objects.filter(code="T0003")
        .annotate(numbers=IntegerList("units__number", filter=Q(units__number__gt=2)))
        .values_list("numbers", flat=True)
        .get()
    )
    assert sorted(parse_integers(joined)) == [3, 4]


def test_parse_integers_reads_empty_and_null_as_nothing() -> None:
    assert parse_integers(None) == []
    assert parse_integers("") == []
    assert parse_integers("7,-2") == [7, -2]
