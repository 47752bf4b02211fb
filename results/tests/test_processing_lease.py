"""The processing job runs on one worker at a time; a run whose worker died is taken over."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from claims.models import Claim, ClaimStatus
from jobs import leases
from jobs.models import NamedLease
from results import tasks

from . import factories as f

pytestmark = pytest.mark.django_db

AMIRA = "11721896"


def test_a_second_run_does_nothing_and_a_dead_run_is_taken_over_after_its_lease(
    demo: None,
) -> None:
    claim = f.claim()
    f.add(claim, AMIRA, [1, 4])
    f.finalise(claim)
    row = NamedLease.objects.create(name=tasks.PROCESSING)
    # Another worker's run took the lease and then died.
    assert leases.take(NamedLease, row.pk) is not None

    assert tasks.process_finalised_claims.enqueue().return_value == 0
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.FINALISED

    after = timezone.now() + leases.lease_length() + timedelta(seconds=1)
    with time_machine.travel(after, tick=False):
        assert tasks.process_finalised_claims.enqueue().return_value == 1
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PROCESSED
    row.refresh_from_db()
    assert (row.lease_owner, row.attempts) == ("", 0) and row.finished_at is not None
