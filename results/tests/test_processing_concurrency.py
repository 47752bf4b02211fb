"""Processing at the same moment, on PostgreSQL with real threads.

Following Django's own tests/select_for_update: each thread uses its own connection and closes
it; the test database is transactional so the threads see each other's commits.
"""

from collections.abc import Callable
from typing import Any

import pytest

from candidates.models import AchievedUnit, Award
from claims.models import Claim, ClaimStatus
from results import actions
from results.actions import RecordedResults
from tests.threads import at_once

from . import factories as f

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

AMIRA = "11721896"


def _process(claim: Claim) -> Callable[[], Any]:
    return lambda: actions.process_claim(claim_id=claim.pk, acting_user=None)


def test_ten_processings_of_one_claim_record_its_results_once(demo: None) -> None:
    claim = f.claim()
    f.add(claim, AMIRA, [1, 4, 7])
    f.finalise(claim)
    results = at_once(*[_process(claim) for _ in range(10)], timeout=20)
    done = [r for r in results if isinstance(r, RecordedResults)]
    refused = [r for r in results if not isinstance(r, RecordedResults)]
    assert len(done) == 1, results
    assert all("cannot become Processed" in str(r) for r in refused), refused
    assert AchievedUnit.objects.filter(claim=claim).count() == 3
    assert Award.objects.filter(candidate__number=AMIRA).count() == 1


def test_two_claims_with_the_same_unit_processed_at_once_record_it_once(demo: None) -> None:
    # Both claims were built before either was processed, so both hold Amira's unit 1; each
    # alone would complete her award. They take turns (locking a claim locks its centre and
    # qualification rows too), and the second finds unit 1 and the award already there.
    first = f.claim()
    f.add(first, AMIRA, [1, 4, 7])
    f.finalise(first)
    second = f.claim()
    f.add(second, AMIRA, [1, 10, 13])
    f.finalise(second)
    results = at_once(_process(first), _process(second), timeout=20)
    assert all(isinstance(r, RecordedResults) for r in results), results
    assert set(
        Claim.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    ) == {ClaimStatus.PROCESSED}
    units = list(
        AchievedUnit.objects.filter(candidate__number=AMIRA).values_list("unit__number", flat=True)
    )
    assert sorted(units) == [1, 4, 7, 10, 13]
    assert Award.objects.filter(candidate__number=AMIRA).count() == 1
