"""The grade a 05203 candidate is on course for, and what would raise it, on the candidate claim
page and View claim in a real browser: checked with axe-core and captured at 1,280 and 320
pixels wide (to $SCREENSHOTS when set)."""

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import shoot, sign_in

pytestmark = pytest.mark.browser

ON_COURSE = "On course for Merit (128 points from the best 16 credits)"
RAISE = "A Merit in one more 4-credit unit gives Distinction overall"


def test_jane_does_progress_shows_her_grade_and_what_raises_it(page: Any, shots: Path) -> None:
    from candidates.models import Candidate
    from catalogue.models import Qualification
    from claims.tests.claim_data import _member, assessor, draft
    from claims.tests.helpers import save_units

    claim = draft(qualification=Qualification.objects.get(code="05203"))
    user, membership = _member(claim.centre)
    by = assessor(claim.centre, claim.qualification)
    grades = {1: "Merit", 2: "Distinction", 3: "Merit", 4: "Pass"}
    jane = Candidate.objects.get(number="789012")
    save_units(
        membership, claim, jane, {n: (by.pk, g) for n, g in grades.items()}, acting_user=user
    )

    sign_in(page, "tutor@northfield.test")
    page.goto(reverse("claims:candidate-claim", args=[claim.pk, jane.number]))
    progress = page.locator(".app-progress")
    expect(progress).to_contain_text("This claim completes the full award")
    expect(progress).to_contain_text(ON_COURSE)
    expect(progress).to_contain_text(RAISE)
    shoot(page, shots, "candidate-claim-grade")

    page.goto(reverse("claims:view-claim", args=[claim.pk]))
    table = page.locator(".app-progress-table")
    expect(table).to_contain_text(ON_COURSE)
    expect(table).to_contain_text(RAISE)
    page.locator("#progress").scroll_into_view_if_needed()
    shoot(page, shots, "view-claim-grade")
