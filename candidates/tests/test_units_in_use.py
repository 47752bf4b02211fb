"""A unit that a named entry or an achieved unit refers to is never removed from the catalogue:
loading a file without it loads nothing."""

from pathlib import Path

import pytest
from django.utils import timezone

from candidates.models import AchievedUnit, Candidate, NamedEntry
from catalogue.models import Unit
from catalogue.tests.structure_files import customer_service_without_unit_8, failing, run

pytestmark = pytest.mark.django_db


def _unit_8() -> Unit:
    return Unit.objects.get(qualification__code="05203", number=8)


def test_a_unit_in_use_is_not_removed_and_nothing_is_loaded(demo: None, tmp_path: Path) -> None:
    entry = NamedEntry.objects.get(candidate__number="789012", qualification__code="05203")
    entry.units.add(_unit_8())
    path = customer_service_without_unit_8(tmp_path)
    message, _ = failing(path)
    assert "leaves out unit 8, which claims, results or entries use" in message
    assert Unit.objects.filter(qualification__code="05203").count() == 8
    assert not Unit.objects.filter(title__contains="(changed)").exists()

    entry.units.clear()
    out, _ = run(path)
    assert "1 unit changed; 1 unit removed" in out
    assert Unit.objects.filter(qualification__code="05203").count() == 7


def test_a_unit_a_candidate_achieved_is_not_removed(demo: None, tmp_path: Path) -> None:
    AchievedUnit.objects.create(
        candidate=Candidate.objects.get(number="789012"),
        unit=_unit_8(),
        # The demo's earlier processed claim, which gave Ben Carter his unit 1.
        claim_id=AchievedUnit.objects.get(candidate__number="10050901").claim_id,
        achieved_at=timezone.now(),
        published_at=timezone.now(),
    )
    message, _ = failing(customer_service_without_unit_8(tmp_path))
    assert "leaves out unit 8, which claims, results or entries use" in message
    assert Unit.objects.filter(qualification__code="05203").count() == 8
