"""The history's words for processing a claim: one candidate, not "1 candidates"."""

import pytest

from audit.models import AuditEvent

from . import factories as f

pytestmark = pytest.mark.django_db

AMIRA = "11721896"
BEN = "10050901"


def test_the_results_summary_is_singular_for_one(demo: None) -> None:
    claim = f.processed({AMIRA: [1, 4, 7]}).claim
    summary = AuditEvent.objects.get(action="results.recorded", object_id=str(claim.pk)).summary
    assert summary.startswith("Results recorded: 3 units achieved by 1 candidate, 1 full award;")


def test_the_results_summary_is_plural_for_more(demo: None) -> None:
    claim = f.processed({AMIRA: [4], BEN: [4]}).claim
    summary = AuditEvent.objects.get(action="results.recorded", object_id=str(claim.pk)).summary
    assert summary.startswith("Results recorded: 2 units achieved by 2 candidates, 0 full awards;")
