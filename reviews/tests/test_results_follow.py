"""What a review's changed outcomes do to a processed claim's results, awards and certificates
(results' `revise_results`, certificates' `follow_results`), called as completing a review does."""

from typing import Any

import pytest
from django.db import transaction

from audit.models import AuditEvent
from candidates.models import AchievedUnit, Award
from certificates import actions as certificate_actions
from certificates.models import Certificate, CertificateKind, CertificateStatus
from claims.models import ClaimedUnit, UnitState
from results import actions as results
from results.tests import factories

pytestmark = pytest.mark.django_db

JANE = "789012"


def _graded_claim() -> Any:
    """Jane Doe's four 05203 units at Distinction: 144 points, a Distinction."""
    made = factories.claim("05203")
    factories.add(made, JANE, [1, 2, 3, 4], grade="Distinction")
    claim = factories.finalise(made)
    factories.process(claim)
    return claim


def test_a_lower_unit_grade_regrades_the_award_and_replaces_its_certificate(demo: None) -> None:
    claim = _graded_claim()
    jane = factories.candidate(JANE)
    award = Award.objects.standing().get(candidate=jane)
    assert award.grade == "Distinction"
    old = Certificate.objects.valid().get(claim=claim, candidate=jane)
    assert old.kind == CertificateKind.AWARD and old.grade == "Distinction"
    # Units 3 and 4 at Pass, as a review's amended grades leave them: 128 points, a Merit.
    ClaimedUnit.objects.filter(claim_candidate__claim=claim, unit__number__in=[3, 4]).update(
        state=UnitState.AMENDED, original_grade="Distinction", grade="Pass"
    )
    with transaction.atomic():
        revised = results.revise_results(
            claim_id=claim.pk, candidate_ids=[jane.pk], acting_user=factories.ops(), why="review"
        )
    assert revised.regraded == 2 and [a.pk for a in revised.awards_regraded] == [award.pk]
    award.refresh_from_db()
    assert award.grade == "Merit" and award.withdrawn_at is None
    assert sorted(
        AchievedUnit.objects.filter(candidate=jane).values_list("unit__number", "grade")
    ) == [(1, "Distinction"), (2, "Distinction"), (3, "Pass"), (4, "Pass")]
    old.refresh_from_db()
    assert old.status == CertificateStatus.REPLACED
    new = old.replaced_by
    assert new is not None and new.is_valid and new.grade == "Merit" and new.award == award
    assert [u["grade"] for u in new.unit_rows] == ["Distinction", "Distinction", "Pass", "Pass"]
    assert AuditEvent.objects.filter(action="award.regraded", object_id=str(award.pk)).exists()
    assert revised.certificates is not None
    assert [(o.pk, n.pk) for o, n in revised.certificates.replaced] == [(old.pk, new.pk)]


def test_following_results_that_did_not_change_changes_no_certificate(demo: None) -> None:
    claim = _graded_claim()
    jane = factories.candidate(JANE)
    before = list(Certificate.objects.values_list("pk", "status"))
    with transaction.atomic():
        followed = certificate_actions.follow_results(
            claim=claim, candidate_ids=[jane.pk], why="review", acting_user=None
        )
    assert (followed.replaced, followed.withdrawn, followed.issued) == ([], [], [])
    assert list(Certificate.objects.values_list("pk", "status")) == before
