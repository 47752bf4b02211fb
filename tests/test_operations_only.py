"""What only the awarding body's operations team may do is refused to everyone else by one
check, in the same words, whichever app the action belongs to."""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from accounts import actions as account_actions
from accounts import two_factor
from accounts.models import Approval, User
from accounts.permissions import OPERATIONS_ONLY
from catalogue.actions import load_qualification_structure
from catalogue.structure import parse_file
from catalogue.tests.structure_files import EXAMPLES
from claims.models import Claim
from common.errors import PermissionRefused
from conftest import EARLIER_CLAIM_NUMBER, client_for
from results import actions as results_actions

pytestmark = pytest.mark.django_db


def _operations_actions() -> dict[str, Callable[[User], Any]]:
    approval = Approval.objects.get(centre__number="67890", qualification__code="03991")
    claim = Claim.objects.get(claim_number=EARLIER_CLAIM_NUMBER)
    tutor = User.objects.get(email="tutor@northfield.test")
    return {
        "process claims": lambda user: results_actions.process_claims(
            claim_ids=[claim.pk], acting_user=user
        ),
        "process a claim": lambda user: results_actions.process_claim(
            claim_id=claim.pk, acting_user=user
        ),
        "grant direct claim status": lambda user: account_actions.set_direct_claim_status(
            approval_id=approval.pk, direct=True, reason="Recommended", acting_user=user
        ),
        "load a qualification": lambda user: load_qualification_structure(
            structure=parse_file(EXAMPLES / "05203.json"), acting_user=user
        ),
        "reset two-factor authentication": lambda user: two_factor.reset_two_factor(
            user_id=tutor.pk, reason="Lost phone", acting_user=user
        ),
    }


@pytest.mark.parametrize("who", ["centre_admin", "moderator", "verifier"])
def test_every_operations_action_refuses_others_in_the_same_words(
    who: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(who)
    for name, act in _operations_actions().items():
        with pytest.raises(PermissionRefused) as refused:
            act(user)
        assert refused.value.message == OPERATIONS_ONLY, name


@pytest.mark.parametrize("who", ["centre_admin", "moderator", "verifier"])
def test_operations_pages_do_not_exist_for_anyone_else(
    who: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(who))
    for name in (
        "results:claims-to-process",
        "moderation:overdue",
        "verification:direct-claim-status",
        "accounts:operations-users",
    ):
        assert client.get(reverse(name)).status_code == 404, name
