"""Submitting at the same moment, on PostgreSQL with real threads.

Following Django's own tests/select_for_update: each thread uses its own connection and closes
it; the test database is transactional so the threads see each other's commits.
"""

from collections.abc import Callable
from typing import Any

import pytest

from accounts.models import Approval, Centre, Membership, ModeratorAssignment, Role, User
from candidates.models import Candidate, EntryType, NamedEntry, UnnamedEntryMovement
from candidates.selectors import unnamed_balance
from claims import actions
from claims.models import Claim, ClaimStatus
from tests.threads import at_once

from .claim_data import assessor, draft, itq, put
from .helpers import membership_of, qualification
from .submit_data import amiras_claim

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _submit(user: User, membership: Membership, claim: Claim) -> Callable[[], Any]:
    return lambda: actions.submit_claim(
        claim_id=claim.pk,
        acting_user=user,
        membership=membership,
        submitter_email=user.email,
        declaration=True,
    )


def test_twenty_submits_of_one_claim_give_one_claim_number(tutor: User) -> None:
    claim = draft()
    put(claim, "11721897", {1: "C", 4: "C", 7: "C"})  # Daniel Evans: unnamed entries
    membership = membership_of(tutor)
    results = at_once(*[_submit(tutor, membership, claim) for _ in range(20)], timeout=20)
    submitted = [r for r in results if isinstance(r, Claim)]
    refused = [r for r in results if isinstance(r, actions.AlreadySubmitted)]
    assert len(submitted) == 1 and len(refused) == 19, results
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.claim_number == submitted[0].claim_number == 78104
    assert Claim.objects.filter(claim_number__isnull=False).count() == 2  # with 78103
    # The balance was spent once: 10 - 3.
    centre = membership.centre
    assert unnamed_balance(centre=centre, qualification=qualification()) == 7
    assert UnnamedEntryMovement.objects.filter(kind=UnnamedEntryMovement.Kind.USED).count() == 1


def test_different_claims_submitted_at_once_get_distinct_increasing_numbers(
    tutor: User, moderator: User
) -> None:
    """Twenty centres submit at the same moment; a twenty-first claim comes after them all."""
    people: list[tuple[User, Membership, Claim]] = []
    for i in range(20):
        centre = Centre.objects.create(number=f"{70000 + i}", name=f"Centre {i}")
        Approval.objects.create(centre=centre, qualification=itq())
        ModeratorAssignment.objects.create(centre=centre, qualification=itq(), moderator=moderator)
        user = User.objects.create_user(f"tutor{i}@centre{i}.test", "x", full_name=f"Tutor {i}")
        membership = Membership.objects.create(user=user, centre=centre, role=Role.TUTOR)
        person = Candidate.objects.create(
            centre=centre,
            number=f"{80000000 + i}",
            first_name="Learner",
            last_name=str(i),
            date_of_birth="2000-01-01",
        )
        NamedEntry.objects.create(
            candidate=person, qualification=itq(), entry_type=EntryType.FULL_AWARD
        )
        claim = draft(centre=centre)
        put(claim, person, {1: "C"}, by=assessor(centre=centre, initials="AB"))
        people.append((user, membership, claim))
    results = at_once(*[_submit(*each) for each in people], timeout=20)
    assert all(isinstance(r, Claim) for r in results), results
    numbers = sorted(r.claim_number or 0 for r in results)
    assert numbers == list(range(78104, 78124))
    stored = list(
        Claim.objects.filter(claim_number__gt=78103)
        .order_by("claim_number")
        .values_list("claim_number", flat=True)
    )
    assert stored == numbers
    later = amiras_claim(tutor)
    latest = actions.submit_claim(
        claim_id=later.pk,
        acting_user=tutor,
        membership=membership_of(tutor),
        submitter_email=tutor.email,
        declaration=True,
    )
    assert latest.claim_number == 78124
