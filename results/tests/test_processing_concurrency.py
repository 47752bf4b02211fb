"""Processing at the same moment, on PostgreSQL with real threads.

Following Django's own tests/select_for_update: each thread uses its own connection and closes
it; the test database is transactional so the threads see each other's commits.
"""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from claims.models import Claim, ClaimStatus
from results import actions
from results.actions import RecordedResults
from results.models import AchievedUnit, Award

from . import factories as f

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

AMIRA = "11721896"


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency tests need PostgreSQL (set DATABASE_URL)")


def _at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls in threads released together; each result or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=20)
            results[index] = call()
        except Exception as error:  # the test inspects what each thread got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def _process(claim: Claim) -> Callable[[], Any]:
    return lambda: actions.process_claim(claim_id=claim.pk, acting_user=None)


def test_ten_processings_of_one_claim_record_its_results_once(demo: None) -> None:
    claim = f.claim()
    f.add(claim, AMIRA, [1, 4, 7])
    f.finalise(claim)
    results = _at_once([_process(claim) for _ in range(10)])
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
    results = _at_once([_process(first), _process(second)])
    assert all(isinstance(r, RecordedResults) for r in results), results
    assert set(
        Claim.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    ) == {ClaimStatus.PROCESSED}
    units = list(
        AchievedUnit.objects.filter(candidate__number=AMIRA).values_list("unit__number", flat=True)
    )
    assert sorted(units) == [1, 4, 7, 10, 13]
    assert Award.objects.filter(candidate__number=AMIRA).count() == 1
