"""The candidate claim page shows the catalogue as it is now: the qualification's structure
is kept by each process, but read again as soon as operations change it."""

import pytest
from django.test import Client

from accounts.models import User
from catalogue.actions.units import change_unit
from catalogue.models import Qualification, Unit

from .helpers import candidate_url, start_claim

pytestmark = pytest.mark.django_db


def _version(code: str) -> int:
    return Qualification.objects.get(code=code).structure_version


def test_a_unit_changed_by_operations_is_on_the_next_candidate_claim_page(
    tutor: User, tutor_client: Client, ops: User
) -> None:
    claim = start_claim(tutor)
    url = candidate_url(claim, "11721896")
    assert "Changed in the catalogue" not in tutor_client.get(url).content.decode()
    unit = Unit.objects.get(qualification__code="03991", number=3)
    before = _version("03991")
    change_unit(
        acting_user=ops,
        code="03991",
        unit_id=unit.pk,
        number=unit.number,
        title="Changed in the catalogue",
        level=unit.level,
        credits=unit.credits,
        grading=unit.grading,
        reference=unit.reference,
    )
    assert _version("03991") == before + 1
    assert "Changed in the catalogue" in tutor_client.get(url).content.decode()
