"""The product's own error pages, as a server without debug pages answers: a wrong address, a
record of another centre, a server error, a bad request, a form sent without its token. Each
says what happened and what to do, in the product's layout, with a link home."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import Centre, Membership, Role, User
from claims.models import Claim
from conftest import client_for

pytestmark = pytest.mark.django_db

ERRORS_URLCONF = "tests.error_pages_urls"


def product_page(response: object, status: int, title: str) -> str:
    assert response.status_code == status  # type: ignore[attr-defined]
    page = response.content.decode()  # type: ignore[attr-defined]
    assert f"<title>{title} \u2013 CertClaims</title>" in page
    assert f'<h1 class="govuk-heading-l">{title}</h1>' in page
    assert 'href="/static/dist/app' in page
    assert '<main class="govuk-main-wrapper" id="main-content">' in page
    # Not Django's debug page, which lists the site's URL patterns.
    for debug in ("URLconf", "Traceback", "DEBUG = True", "technical_500"):
        assert debug not in page
    return page


@override_settings(DEBUG=False)
def test_a_wrong_address_answers_the_products_page_not_found(client: Client, db: None) -> None:
    page = product_page(client.get("/claims/no-such-page/"), 404, "Page not found")
    assert "If you typed the web address, check it is correct." in page
    assert f'href="{reverse("accounts:sign-in")}">Go to the sign-in page</a>' in page


@override_settings(DEBUG=False)
def test_another_centres_claim_is_a_page_not_found_that_says_what_to_do(
    tutor: User, southbank_admin: User
) -> None:
    theirs = Claim.objects.create(
        centre=Centre.objects.get(number="12345"),
        qualification_id=tutor.memberships.get().centre.approvals.values_list(
            "qualification_id", flat=True
        )[0],
        created_by=tutor,
    )
    response = client_for(southbank_admin).get(reverse("claims:view-claim", args=[theirs.pk]))
    page = product_page(response, 404, "Page not found")
    assert "what it pointed to may have been removed" in page
    assert 'href="/">Go to your home page</a>' in page
    assert "change centre" not in page  # one centre: nothing to change

    Membership.objects.create(
        user=southbank_admin, centre=Centre.objects.get(number="12345"), role=Role.STAFF
    )
    two_centres = client_for(southbank_admin)
    two_centres.post(
        reverse("accounts:choose-centre"), {"centre": Centre.objects.get(number="67890").pk}
    )
    page = product_page(
        two_centres.get(reverse("claims:view-claim", args=[theirs.pk])), 404, "Page not found"
    )
    assert f'href="{reverse("accounts:choose-centre")}">change centre</a>' in page


@override_settings(DEBUG=False, ROOT_URLCONF=ERRORS_URLCONF)
def test_a_server_error_answers_the_products_page_and_is_logged(
    tutor: User, caplog: pytest.LogCaptureFixture
) -> None:
    client = client_for(tutor)
    client.raise_request_exception = False
    page = product_page(
        client.get("/test-errors/server-error/"), 500, "Sorry, there is a problem with the service"
    )
    assert "Try again later." in page
    assert "Nothing you were saving has been partly saved" in page
    assert 'href="/">Go to your home page</a>' in page
    assert "a fault of the server" not in page
    logged = [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]
    assert logged and logged[0].exc_info is not None


@override_settings(DEBUG=False, ROOT_URLCONF=ERRORS_URLCONF)
def test_a_bad_request_answers_the_products_page(client: Client, db: None) -> None:
    page = product_page(
        client.get("/test-errors/bad-request/"), 400, "Sorry, there is a problem with that request"
    )
    assert "Go back, reload the page and try again." in page
    # A request for a host the site does not serve is refused the same way.
    product_page(
        client.get("/", HTTP_HOST="elsewhere.example"),
        400,
        "Sorry, there is a problem with that request",
    )


@override_settings(DEBUG=False)
def test_a_form_sent_without_its_token_answers_the_products_page(tutor: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(tutor)
    page = product_page(
        client.post(reverse("accounts:sign-out")), 403, "Your form could not be sent"
    )
    assert "Nothing was saved." in page
    assert "Go back, reload the page and try again." in page


@override_settings(DEBUG=False)
@pytest.mark.parametrize("kind", ["upload", "retire"])
def test_opening_a_post_only_address_answers_the_products_page(ops: User, kind: str) -> None:
    from catalogue.models import Unit

    if kind == "upload":
        url = reverse("catalogue:upload-confirm")
    else:
        unit = Unit.objects.get(qualification__code="03991", number=5)
        url = reverse("catalogue:unit-retire", args=["03991", unit.pk])
    response = client_for(ops).get(url, HTTP_REFERER="http://testserver/operations/")
    page = product_page(response, 405, "This page cannot be opened directly")
    assert response["Allow"] == "POST"
    assert 'href="http://testserver/operations/">Go back to the page you came from</a>' in page
    assert f'href="{reverse("home")}">Go to your home page</a>' in page


@override_settings(DEBUG=False)
def test_a_link_back_is_only_to_this_site(ops: User) -> None:
    response = client_for(ops).get(
        reverse("catalogue:upload-confirm"), HTTP_REFERER="https://elsewhere.example/"
    )
    page = product_page(response, 405, "This page cannot be opened directly")
    assert "elsewhere.example" not in page


def test_the_apis_method_refusals_stay_json(tutor: User) -> None:
    from api.tests.conftest import api_client, token_for

    response = api_client(token_for(tutor)).delete("/api/v1/me/")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert "DELETE" in str(response.json())
    assert "GET" in response["Allow"]
