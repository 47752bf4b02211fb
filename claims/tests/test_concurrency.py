"""Two people building the same claim at the same moment, on PostgreSQL with real threads.

Following Django's own tests/select_for_update: each thread uses its own connection and closes
it; the test database is transactional so the threads see each other's commits.
"""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from accounts.models import User
from audit.actions import record
from audit.models import AuditEvent
from candidates import actions as candidate_actions
from candidates.models import Candidate
from claims import actions, selectors
from claims.models import Claim, ClaimCandidate, ClaimStatus
from tests.threads import at_once

from .helpers import (
    candidate,
    claimed_numbers,
    current,
    membership_of,
    qualification,
    set_up_assessor,
    start_claim,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _save(user: User, claim: Claim, number: str, units: list[int], version: str) -> Any:
    membership = membership_of(user)
    assessor = membership.centre.assessors.get(initials="TA").pk
    return lambda: actions.save_candidate_claim(
        membership=membership,
        claim_id=claim.pk,
        candidate_id=candidate(number).pk,
        choices=[actions.UnitChoice(n, True, assessor) for n in units],
        version=version,
        acting_user=user,
    )


def test_two_people_saving_different_candidates_both_keep_their_work(
    tutor: User, centre_admin: User
) -> None:
    claim = start_claim(tutor)
    results = at_once(
        _save(tutor, claim, "11721896", [1, 4], "new"),
        _save(centre_admin, claim, "10050901", [2, 5], "new"),
    )
    assert all(isinstance(r, ClaimCandidate) for r in results), results
    assert claimed_numbers(claim, "11721896") == [1, 4]
    assert claimed_numbers(claim, "10050901") == [2, 5]


def test_two_people_saving_the_same_candidate_the_second_is_told(
    tutor: User, centre_admin: User
) -> None:
    claim = start_claim(tutor)
    _save(tutor, claim, "11721896", [1], "new")()
    opened = current(tutor, claim, "11721896").version
    results = at_once(
        _save(tutor, claim, "11721896", [1, 4], opened),
        _save(centre_admin, claim, "11721896", [1, 5], opened),
    )
    saved = [r for r in results if isinstance(r, ClaimCandidate)]
    stale = [r for r in results if isinstance(r, actions.StaleCandidate)]
    assert len(saved) == 1 and len(stale) == 1, results
    winner = [1, 4] if isinstance(results[0], ClaimCandidate) else [1, 5]
    assert claimed_numbers(claim, "11721896") == winner
    assert ClaimCandidate.objects.get(claim=claim).version == 2


def test_two_people_adding_the_same_new_candidate_the_second_is_told(
    tutor: User, centre_admin: User
) -> None:
    claim = start_claim(tutor)
    results = at_once(
        _save(tutor, claim, "11721896", [1], "new"),
        _save(centre_admin, claim, "11721896", [4], "new"),
    )
    assert sorted(type(r).__name__ for r in results) == ["ClaimCandidate", "StaleCandidate"]
    assert ClaimCandidate.objects.filter(claim=claim).count() == 1


def test_two_people_pressing_create_at_once_get_one_draft(tutor: User, centre_admin: User) -> None:
    set_up_assessor(tutor)
    itq = qualification()

    def create(user: User) -> Callable[[], tuple[Claim, bool]]:
        membership = membership_of(user)
        return lambda: actions.create_claim(
            membership=membership, qualification=itq, acting_user=user
        )

    results = at_once(create(tutor), create(centre_admin), create(tutor))
    assert all(isinstance(r, tuple) for r in results), results
    assert len({claim.pk for claim, _ in results}) == 1
    assert sorted(created for _, created in results) == [False, False, True]
    assert Claim.objects.filter(status=ClaimStatus.DRAFT, qualification=itq).count() == 1


def test_a_candidate_edited_while_their_claim_is_saved_neither_waits_for_the_other(
    tutor: User, centre_admin: User
) -> None:
    """The two locks a candidate's save and a candidate's edit take, interleaved as the API
    contract run once met them: the claim (and its centre) locked by the save, the candidate
    locked by the edit, then each writing a row whose foreign key shares the other's locked row.
    Both finish: the claim lock and the candidate lock leave those rows free for key checks."""
    claim = start_claim(tutor)
    person = candidate("11721896")
    both_locked = threading.Barrier(2, timeout=10)

    def save() -> ClaimCandidate:
        with transaction.atomic():
            _short_lock_wait()
            locked = selectors.get_claim(
                membership=membership_of(tutor), claim_id=claim.pk, for_update=True
            )
            both_locked.wait()
            return ClaimCandidate.objects.create(claim=locked, candidate=person)

    def edit() -> AuditEvent:
        with transaction.atomic():
            _short_lock_wait()
            locked = candidate_actions._centre_candidate(membership_of(centre_admin), person.pk)
            both_locked.wait()
            locked.first_name = "Sam"
            locked.save()
            return record(
                actor=centre_admin,
                centre=locked.centre,
                action="candidate.updated",
                obj=locked,
                summary="Changed candidate",
            )

    saved, edited = at_once(save, edit)
    assert isinstance(saved, ClaimCandidate), saved
    assert isinstance(edited, AuditEvent), edited
    assert Candidate.objects.get(pk=person.pk).first_name == "Sam"


def _short_lock_wait() -> None:
    # A lock that would have to wait fails within seconds instead of hanging the test.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = '5s'")
