"""Units the moderator withdrew before withdrawals had their own state become Withdrawn; a unit
not accepted for any other reason stays as it is."""

from importlib import import_module

import pytest
from django.apps import apps

from accounts.models import User
from claims.models import Claim, ClaimedUnit, UnitState
from moderation import actions

from .factories import claimed_unit, on_claim
from .test_review import graded_claim  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

MIGRATION = import_module("moderation.migrations.0005_withdrawals_become_withdrawn")


def test_every_kind_of_withdrawal_becomes_withdrawn(
    moderator: User,
    graded_claim: Claim,  # noqa: F811
) -> None:
    claim = graded_claim
    jane_1 = claimed_unit(claim, "789012", 1)
    actions.record_unit_outcome(
        claim_id=claim.pk,
        claimed_unit_id=jane_1.pk,
        outcome="withdraw",
        reason="No evidence of criterion 3",
        acting_user=moderator,
    )
    actions.withdraw_assessor_grade(
        claim_id=claim.pk,
        assessor_id=claimed_unit(claim, "789012", 2).assessor_id,
        grade="Pass",
        reason="Not supported",
        acting_user=moderator,
    )
    actions.withdraw_candidate(
        claim_id=claim.pk,
        claim_candidate_id=on_claim(claim, "11721896").pk,
        reason="Work is not the candidate's own",
        acting_user=moderator,
    )
    # As they were stored before: every withdrawal as "not accepted".
    ClaimedUnit.objects.filter(claim_candidate__claim=claim, state=UnitState.WITHDRAWN).update(
        state=UnitState.NOT_ACCEPTED
    )
    # A unit not accepted with no withdrawal behind it (as after a malpractice case upheld).
    jane_3 = claimed_unit(claim, "789012", 3)
    ClaimedUnit.objects.filter(pk=jane_3.pk).update(state=UnitState.NOT_ACCEPTED)

    MIGRATION.withdrawals_become_withdrawn(apps, None)

    states = {
        (u.claim_candidate.candidate.number, u.unit.number): u.state
        for u in ClaimedUnit.objects.filter(claim_candidate__claim=claim).select_related(
            "unit", "claim_candidate__candidate"
        )
    }
    assert states == {
        ("789012", 1): UnitState.WITHDRAWN,
        ("789012", 2): UnitState.WITHDRAWN,
        ("789012", 3): UnitState.NOT_ACCEPTED,
        ("11721896", 1): UnitState.WITHDRAWN,
        ("11721896", 4): UnitState.WITHDRAWN,
    }


def test_a_withdrawn_claim_withdraws_every_unit(moderator: User, graded_claim: Claim) -> None:  # noqa: F811
    actions.withdraw_claim(claim_id=graded_claim.pk, reason="No evidence", acting_user=moderator)
    units = ClaimedUnit.objects.filter(claim_candidate__claim=graded_claim)
    assert set(units.values_list("state", flat=True)) == {UnitState.WITHDRAWN}
    units.update(state=UnitState.NOT_ACCEPTED)
    MIGRATION.withdrawals_become_withdrawn(apps, None)
    assert set(units.values_list("state", flat=True)) == {UnitState.WITHDRAWN}
