"""Personal API tokens: the pages that create and revoke them, and how the API checks them."""

import hashlib
import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Centre, Membership, Role, User
from api.actions import create_api_token
from api.models import ApiToken, name_limit
from api.tests.conftest import api_client, token_for
from audit.models import AuditEvent
from common.errors import DomainError
from conftest import client_for

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'value="(cct_[0-9a-f]{12}_[A-Za-z0-9_-]{43})"')


def create_on_page(client: Client, **data: str) -> str:
    response = client.post(reverse("api-tokens:create"), {"name": "College MIS", **data})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    found = TOKEN.search(response.content.decode())
    assert found, response.content.decode()
    return found.group(1)


def test_token_is_shown_once_and_stored_hashed(tutor_client: Client, tutor: User) -> None:
    plaintext = create_on_page(tutor_client)
    token = ApiToken.objects.get(user=tutor)
    assert token.digest == hashlib.sha256(plaintext.encode()).hexdigest()
    assert plaintext not in {token.prefix, token.digest, token.name}
    assert plaintext.startswith(f"cct_{token.prefix}_")
    assert token.centre.number == "12345"
    listing = tutor_client.get(reverse("api-tokens:list")).content.decode()
    assert "College MIS" in listing and f"cct_{token.prefix}" in listing
    assert plaintext not in listing
    assert AuditEvent.objects.filter(action="api_token.created", object_id=token.pk).exists()
    assert api_client(plaintext).get("/api/v1/me/").json()["email"] == "tutor@northfield.test"


def test_token_form_errors_keep_what_was_typed(tutor_client: Client) -> None:
    response = tutor_client.post(
        reverse("api-tokens:create"), {"name": "Nightly sync", "expires_on": "31/02/2027"}
    )
    page = response.content.decode()
    assert "Enter the expiry date as day/month/year" in page
    assert 'value="Nightly sync"' in page
    assert ApiToken.objects.count() == 0
    response = tutor_client.post(
        reverse("api-tokens:create"), {"name": "Nightly sync", "expires_on": "01/01/2020"}
    )
    assert "The expiry date must be in the future" in response.content.decode()
    response = tutor_client.post(reverse("api-tokens:create"), {"name": "   "})
    assert "Enter a name for the token" in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_revoked_token_is_refused(tutor_client: Client, tutor: User) -> None:
    plaintext = create_on_page(tutor_client)
    client = api_client(plaintext)
    assert client.get("/api/v1/candidates/").status_code == 200
    token = ApiToken.objects.get(user=tutor)
    page = tutor_client.get(reverse("api-tokens:revoke", args=[token.pk])).content.decode()
    assert "Revoke the token" in page
    revoked = tutor_client.post(reverse("api-tokens:revoke", args=[token.pk]))
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = client.get("/api/v1/candidates/")
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["code"] == "authentication_failed"
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert "Revoked" in tutor_client.get(reverse("api-tokens:list")).content.decode()


def test_another_users_token_cannot_be_revoked_or_seen(
    tutor: User, centre_admin_client: Client
) -> None:
    plaintext = token_for(tutor)
    token = ApiToken.objects.get(user=tutor)
    assert (
        centre_admin_client.post(reverse("api-tokens:revoke", args=[token.pk])).status_code == 404
    )
    assert centre_admin_client.get(reverse("api-tokens:revoke", args=[token.pk])).status_code == 404
    assert "MIS" not in centre_admin_client.get(reverse("api-tokens:list")).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    assert api_client(plaintext).get("/api/v1/me/").status_code == 200


@pytest.mark.parametrize(
    "header",
    [
        "Bearer cct_000000000000_" + "a" * 43,
        "Bearer nonsense",
        "Bearer",
        "Bearer two words",
        "Token abc",
        "",
    ],
)
def test_bad_credentials_are_refused(tutor: User, header: str) -> None:
    token_for(tutor)
    client = api_client("unused")
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/candidates/")
    assert response.status_code == 401
    assert set(response.json()) == {"errors"}


def test_a_token_with_the_right_prefix_but_wrong_secret_is_refused(tutor: User) -> None:
    plaintext = token_for(tutor)
    forged = plaintext[:-4] + ("AAAA" if not plaintext.endswith("AAAA") else "BBBB")
    assert api_client(forged).get("/api/v1/me/").status_code == 401


def test_expired_token_is_refused(tutor: User) -> None:
    plaintext = token_for(tutor)
    ApiToken.objects.update(expires_at=timezone.now() + timedelta(days=1))
    assert api_client(plaintext).get("/api/v1/me/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        response = api_client(plaintext).get("/api/v1/me/")
    assert response.status_code == 401
    assert "expired" in response.json()["errors"][0]["message"]


def test_expiry_date_lasts_to_the_end_of_that_day(tutor_client: Client, tutor: User) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    create_on_page(tutor_client, expires_on=tomorrow.strftime("%d/%m/%Y"))
    token = ApiToken.objects.get(user=tutor)
    assert token.expires_at is not None
    assert timezone.localtime(token.expires_at).date() == tomorrow + timedelta(days=1)


def test_a_removed_role_takes_effect_at_once(tutor: User) -> None:
    client = api_client(token_for(tutor))
    assert client.get("/api/v1/candidates/").status_code == 200
    Membership.objects.filter(user=tutor).update(role=Role.STAFF)
    response = client.get("/api/v1/candidates/")
    assert response.status_code == 403
    assert "Tutor/Teacher" in response.json()["errors"][0]["message"]
    Membership.objects.filter(user=tutor).delete()
    response = client.get("/api/v1/candidates/")
    assert response.status_code == 401
    assert "no longer have a role at centre 12345" in response.json()["errors"][0]["message"]


def test_an_inactive_user_s_token_is_refused(tutor: User) -> None:
    client = api_client(token_for(tutor))
    User.objects.filter(pk=tutor.pk).update(is_active=False)
    assert client.get("/api/v1/me/").status_code == 401


def test_token_acts_at_its_own_centre_only(tutor: User) -> None:
    """A person at two centres: the token keeps to the centre it was created for."""
    Membership.objects.create(
        user=tutor, centre=Centre.objects.get(number="67890"), role=Role.TUTOR
    )
    northfield = api_client(token_for(tutor, centre_number="12345"))
    southbank = api_client(token_for(tutor, centre_number="67890"))
    assert northfield.get("/api/v1/candidates/20000001/").status_code == 404
    assert northfield.get("/api/v1/candidates/11721896/").status_code == 200
    assert southbank.get("/api/v1/candidates/20000001/").status_code == 200
    assert southbank.get("/api/v1/candidates/11721896/").status_code == 404


def test_users_without_a_claims_role_get_the_roles_page(staff: User) -> None:
    client = client_for(staff)
    response = client.get(reverse("api-tokens:list"))
    assert response.status_code == 403
    assert client.post(reverse("api-tokens:create"), {"name": "x"}).status_code == 403
    assert ApiToken.objects.count() == 0


def test_last_used_is_noted(tutor: User) -> None:
    client = api_client(token_for(tutor))
    client.get("/api/v1/me/")
    assert ApiToken.objects.get(user=tutor).last_used_at is not None


def test_home_page_links_to_api_tokens(tutor_client: Client) -> None:
    assert reverse("api-tokens:list") in tutor_client.get(reverse("home")).content.decode()


def test_a_token_names_limit_is_the_models(
    tutor: User, tutor_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = name_limit()
    page = tutor_client.post(reverse("api-tokens:create"), {"name": "N" * (limit + 1)})
    assert page.status_code == 400
    assert f"Name must be {limit} characters or fewer" in page.content.decode()
    monkeypatch.setattr(ApiToken._meta.get_field("name"), "max_length", 8)
    with pytest.raises(DomainError, match="Name must be 8 characters or fewer"):
        create_api_token(
            membership=Membership.objects.get(user=tutor),
            name="College MIS",
            expires_on=None,
            acting_user=tutor,
        )
    assert not ApiToken.objects.exists()
