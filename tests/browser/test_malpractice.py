"""Operations close a malpractice case in a real browser, by keyboard, and the centre then
reads the outcome on Results. Every page is checked with axe-core."""

from typing import Any

import pytest

from claims.models import ClaimCandidate
from moderation import actions as moderation_actions
from results.tests import factories as f

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_operations_record_the_outcome_and_the_centre_reads_it(page: Any) -> None:
    claim = f.claim()
    f.add(claim, "11721896", [1, 4, 7])
    f.add(claim, "11721832", [1, 4])
    f.submit(claim)
    moderation_actions.flag_malpractice(
        claim_id=claim.pk,
        claim_candidate_id=ClaimCandidate.objects.get(claim=claim, candidate__number="11721896").pk,
        reason="Work copied from another candidate",
        acting_user=f.moderator(),
    )
    f.process(f.finalise(claim))

    sign_in(page, "tutor@northfield.test")
    page.goto("/results/")
    assert "Results held: malpractice case open" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "ops@awarding.test")
    page.get_by_role("link", name="Malpractice cases").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Amira Khan").click()
    assert_accessible(page)
    page.get_by_label("Upheld: the units are not accepted").check()
    page.get_by_role("button", name="Close the case").focus()
    page.keyboard.press("Enter")
    # Without the sanction: the error summary, the error beside the field, the choice kept.
    assert "Enter the sanction" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Upheld: the units are not accepted").is_checked()
    assert_accessible(page)
    page.get_by_label("Not upheld: release the results").check()
    page.get_by_role("button", name="Close the case").click()
    assert "Case closed: not upheld" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Back to Malpractice cases").click()
    assert "Not upheld" in page.locator("main").inner_text()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "tutor@northfield.test")
    page.goto("/results/")
    main = page.locator("main").inner_text()
    assert "Malpractice case not upheld: results released" in main
    assert "Work copied" not in main
