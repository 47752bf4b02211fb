"""What processing a claim holds, on PostgreSQL with real threads: the claim and its centre,
so that other centres' claims of the qualification and other writes go ahead meanwhile, and the
processing job's workers pass over a claim another holds instead of waiting for it."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection, transaction

from audit.actions import record
from catalogue.models import Qualification
from claims import transitions
from claims.models import Claim, ClaimStatus
from common.errors import Conflict
from results import actions
from results.actions import RecordedResults

from . import factories as f

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

AMIRA = "11721896"
#: Southbank's (67890) candidate
FARAH = "20000001"


@contextmanager
def held(claim: Claim) -> Iterator[None]:
    """`transitions.lock` of the claim held by another connection until the block ends."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                transitions.lock(claim.pk)
                locked.set()
                release.wait(timeout=20)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert locked.wait(timeout=20)
    try:
        yield
    finally:
        release.set()
        thread.join(timeout=20)


def _lock_timeout() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = '2s'")


def _finalised(centre_number: str = "12345") -> Claim:
    claim = f.claim(centre_number=centre_number)
    f.add(claim, AMIRA if centre_number == "12345" else FARAH, [1, 4, 7])
    return f.finalise(claim)


def test_writes_naming_the_centre_or_qualification_do_not_wait_for_a_claim_being_processed(
    demo: None,
) -> None:
    claim = _finalised()
    with held(claim), transaction.atomic():
        _lock_timeout()
        # An audit event of the centre checks the centre's row (FOR KEY SHARE).
        record(
            actor=None,
            centre=claim.centre,
            action="claim.viewed",
            obj=claim,
            summary="Read while it was processed",
        )
        # The qualification is not locked at all.
        Qualification.objects.select_for_update(no_key=True).get(pk=claim.qualification_id)


def test_a_worker_passes_over_a_claim_or_a_centre_another_holds(demo: None) -> None:
    claim, same_centre = _finalised(), _finalised()
    with held(claim):
        with transaction.atomic():
            assert transitions.lock_if_free(claim.pk) is None
        with pytest.raises(Conflict) as refused:
            actions.process_claim(claim_id=same_centre.pk, acting_user=None, skip_locked=True)
        assert refused.value.code == "locked"
    same_centre.refresh_from_db()
    assert same_centre.status == ClaimStatus.FINALISED
    done = actions.process_claim(claim_id=same_centre.pk, acting_user=None, skip_locked=True)
    assert isinstance(done, RecordedResults)


def test_another_centres_claim_of_the_qualification_is_processed_meanwhile(demo: None) -> None:
    claim, elsewhere = _finalised(), _finalised("67890")
    assert elsewhere.qualification_id == claim.qualification_id
    with held(claim), transaction.atomic():
        _lock_timeout()
        done = actions.process_claim(claim_id=elsewhere.pk, acting_user=None, skip_locked=True)
    assert isinstance(done, RecordedResults)
    elsewhere.refresh_from_db()
    assert elsewhere.status == ClaimStatus.PROCESSED
