"""View claim's checks before submitting list what submitting would refuse besides the claim's
contents: the centre's approval withdrawn, or no examiner-moderator assigned for it."""

import pytest
from django.urls import reverse

from accounts import assignments, centres
from accounts.models import Approval, ModeratorAssignment, User
from claims.tests.submit_data import amiras_claim, submit
from common.errors import Conflict
from conftest import client_for

pytestmark = pytest.mark.django_db

BLOCKED = "This claim cannot be submitted until these are put right:"


def _checks_of(page: str) -> str:
    return page.split('id="checks"', 1)[1].split("Submission details", 1)[0]


def test_a_claim_whose_approval_is_withdrawn_lists_it_as_blocking(ops: User, tutor: User) -> None:
    draft = amiras_claim(tutor)
    url = reverse("claims:view-claim", args=[draft.pk])
    assert BLOCKED not in _checks_of(client_for(tutor).get(url).content.decode())
    approval = Approval.objects.get(centre=draft.centre, qualification=draft.qualification)
    centres.withdraw_approval(approval_id=approval.pk, reason="Closed", acting_user=ops)
    checks = _checks_of(client_for(tutor).get(url).content.decode())
    assert BLOCKED in checks
    assert "Your centre is no longer approved for 03991" in checks
    assert "No problems found" not in checks
    with pytest.raises(Conflict, match="Your centre is no longer approved for 03991"):
        submit(tutor, draft)


def test_a_claim_with_no_examiner_moderator_lists_it_as_blocking(ops: User, tutor: User) -> None:
    draft = amiras_claim(tutor)
    approval = Approval.objects.get(centre=draft.centre, qualification=draft.qualification)
    assert ModeratorAssignment.objects.filter(
        centre=draft.centre, qualification=draft.qualification
    ).exists()
    assignments.remove_moderator(approval_id=approval.pk, acting_user=ops)
    checks = _checks_of(
        client_for(tutor).get(reverse("claims:view-claim", args=[draft.pk])).content.decode()
    )
    assert BLOCKED in checks
    assert "No OCR Assessor is assigned to your centre for 03991 yet: contact OCR" in checks
    with pytest.raises(Conflict, match="No OCR Assessor is assigned"):
        submit(tutor, draft)
