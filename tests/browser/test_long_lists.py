"""Long lists read a page at a time without counting every row, in a real browser: Direct
claim status pages on with Next and back with Previous, and each page passes axe-core."""

import os
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from accounts.models import Approval, Centre
from catalogue.models import Qualification

from .conftest import assert_accessible, sign_in

#: Where to keep screenshots of the pages, when set (e.g. SCREENSHOTS=/tmp/shots).
SHOTS = os.environ.get("SCREENSHOTS", "")


def _shoot(page: Any, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_direct_claim_status_pages_with_next_and_previous(page: Any) -> None:
    qualification = Qualification.objects.get(code="03991")
    centres = Centre.objects.bulk_create(
        Centre(number=f"9{n:04d}", name=f"Centre {n}") for n in range(60)
    )
    Approval.objects.bulk_create(Approval(centre=c, qualification=qualification) for c in centres)
    sign_in(page, "ops@awarding.test")
    page.wait_for_url("**/")
    page.goto(page.url.rstrip("/") + "/operations/direct-claim-status/")
    expect(page).to_have_title("Direct claim status \u2013 CertClaims")
    pagination = page.get_by_role("navigation", name="Pagination")
    expect(pagination.get_by_text("Page 1", exact=True)).to_be_visible()
    expect(pagination.get_by_role("link", name="Previous page")).to_have_count(0)
    assert_accessible(page)
    _shoot(page, "direct-claim-status-1")
    pagination.get_by_role("link", name="Next page").click()
    expect(pagination.get_by_text("Page 2", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="90059 Centre 59")).to_be_visible()
    expect(pagination.get_by_role("link", name="Next page")).to_have_count(0)
    assert_accessible(page)
    _shoot(page, "direct-claim-status-2")
    pagination.get_by_role("link", name="Previous page").click()
    expect(pagination.get_by_text("Page 1", exact=True)).to_be_visible()
