"""A unit claimed on any claim is never removed from the catalogue: loading a file without it
loads nothing."""

from pathlib import Path

import pytest

from accounts.models import Centre, User
from candidates.models import Candidate
from catalogue.models import Qualification, Unit
from catalogue.tests.structure_files import customer_service_without_unit_8, failing
from claims.models import CentreAssessor, Claim, ClaimCandidate, ClaimedUnit

pytestmark = pytest.mark.django_db


def test_a_claimed_unit_is_not_removed(demo: None, tmp_path: Path) -> None:
    centre = Centre.objects.get(number="12345")
    claim = Claim.objects.create(
        centre=centre,
        qualification=Qualification.objects.get(code="05203"),
        created_by=User.objects.get(email="tutor@northfield.test"),
    )
    on_claim = ClaimCandidate.objects.create(
        claim=claim, candidate=Candidate.objects.get(number="789012")
    )
    ClaimedUnit.objects.create(
        claim_candidate=on_claim,
        unit=Unit.objects.get(qualification__code="05203", number=8),
        assessor=CentreAssessor.objects.create(centre=centre, name="A Assessor", initials="AA"),
        grade="Pass",
        date_claimed=claim.created_at.date(),
    )
    message, _ = failing(customer_service_without_unit_8(tmp_path))
    assert "leaves out unit 8, which claims, results or entries use" in message
    assert Unit.objects.filter(qualification__code="05203").count() == 8
