"""API tokens and bulk import in a real browser, with axe-core on every page."""

from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

GOOD_FILE = (
    b"candidate_number,first_name,last_name,date_of_birth,uln,qualification_code,entry_type,units\n"
    b"11900001,Nia,Patel,03/04/2001,9999999998,03991,full,\n"
    b"11900002,Sam,Lee,21/09/2000,,03991,units,1;4;13\n"
)


def test_create_use_and_revoke_an_api_token(page: Any) -> None:
    sign_in(page, "tutor@northfield.test")
    page.get_by_role("link", name="API tokens").click()
    expect(page).to_have_title("API tokens \u2013 CertClaims")
    assert_accessible(page)
    page.get_by_role("link", name="Create a token").click()
    page.get_by_role("button", name="Create token").click()
    assert page.locator(".govuk-error-summary").inner_text().count("Enter a name for the token")
    assert_accessible(page)
    page.get_by_label("Name").fill("College MIS")
    expiry = date.today() + timedelta(days=90)
    page.get_by_label("Expiry date (optional)").fill(expiry.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Create token").click()
    token = page.get_by_label("Your new token").input_value()
    assert token.startswith("cct_")
    assert "shown only once" in page.content()
    assert_accessible(page)

    me = page.request.get("/api/v1/me/", headers={"Authorization": f"Bearer {token}"})
    assert me.status == 200 and me.json()["centre"]["number"] == "12345"

    page.get_by_role("link", name="Back to API tokens").click()
    assert token not in page.content()
    page.get_by_role("link", name="Revoke token College MIS").click()
    assert_accessible(page)
    page.get_by_role("button", name="Revoke token").click()
    assert "revoked: it can no longer be used" in page.content()
    assert page.get_by_role("cell", name="Revoked").is_visible()
    me = page.request.get("/api/v1/me/", headers={"Authorization": f"Bearer {token}"})
    assert me.status == 401


def test_import_a_file_after_its_dry_run(page: Any) -> None:
    sign_in(page, "admin@northfield.test")
    page.goto("/candidates/")
    page.get_by_role("link", name="Import candidates").click()
    expect(page).to_have_title("Import candidates \u2013 CertClaims")
    assert_accessible(page)

    bad = GOOD_FILE.replace(b"21/09/2000", b"31/09/2000")
    page.get_by_label("Upload a CSV file").set_input_files(
        {"name": "candidates.csv", "mimeType": "text/csv", "buffer": bad}
    )
    page.get_by_role("button", name="Check file").click()
    assert "The file has 1 error: nothing can be imported" in page.content()
    assert page.get_by_role("cell", name="'31/09/2000' is not a date", exact=False).is_visible()
    assert page.get_by_role("button", name="Import", exact=False).count() == 0
    assert_accessible(page)

    # Every error of every row, each in its column.
    page.get_by_role("link", name="Import another file").click()
    worse = (
        GOOD_FILE.replace(b"03/04/2001,9999999998", b"03/04/2101,12")
        .replace(b"21/09/2000", b"31/09/2000")
        .replace(b"1;4;13", b"1;4;999")
    )
    page.get_by_label("Upload a CSV file").set_input_files(
        {"name": "candidates.csv", "mimeType": "text/csv", "buffer": worse}
    )
    page.get_by_role("button", name="Check file").click()
    errors = page.locator("main").inner_text()
    assert "The file has 4 errors: nothing can be imported" in errors, errors
    assert_accessible(page)

    page.get_by_role("link", name="Import another file").click()
    page.get_by_label("Upload a CSV file").set_input_files(
        {"name": "candidates.csv", "mimeType": "text/csv", "buffer": GOOD_FILE}
    )
    page.get_by_role("button", name="Check file").click()
    assert page.get_by_role("cell", name="Add candidate and entry").count() == 2
    assert_accessible(page)
    page.get_by_role("button", name="Import 2 candidates and 2 entries").click()
    # The progress page refreshes itself until the worker finishes; wait through the reloads.
    expect(page.get_by_role("heading", name="Import complete")).to_be_visible(timeout=30_000)
    page.wait_for_load_state()
    assert_accessible(page)
    page.goto("/candidates/?q=Patel")
    assert page.get_by_role("link", name="Nia Patel").is_visible()


def test_api_docs_load_nothing_from_other_sites(page: Any, live_server: Any) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.get_by_text("/api/v1/candidates/", exact=True).first.is_visible()
    assert requested and all(url.startswith(live_server.url) for url in requested), requested


def test_an_import_interrupted_too_often_is_tried_again_from_its_page(page: Any) -> None:
    from accounts.models import Membership
    from candidates import import_actions
    from candidates.models import ImportJob

    membership = Membership.objects.select_related("centre", "user").get(
        user__email="admin@northfield.test"
    )
    job = import_actions.check_candidate_import(
        membership=membership,
        data=GOOD_FILE,
        filename="candidates.csv",
        acting_user=membership.user,
    )
    # What the sweep leaves after the last try: failed, with why, and the file kept.
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED,
        stage="Not imported",
        attempts=3,
        failure_message=import_actions.IMPORT_JOBS.gave_up.format(attempts=3),
    )
    sign_in(page, "admin@northfield.test")
    page.goto(f"/candidates/import/{job.pk}/")
    assert "The import was interrupted 3 times before it could finish" in page.content()
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    assert_accessible(page)
    page.get_by_role("button", name="Try again").focus()
    page.keyboard.press("Enter")
    # The progress page refreshes itself until the worker finishes; wait through the reloads.
    expect(page.get_by_role("heading", name="Import complete")).to_be_visible(timeout=30_000)
    page.wait_for_load_state()
    assert_accessible(page)
