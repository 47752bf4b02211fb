"""Make claim: the qualifications list, "Create" / "Edit", and who may see any of it."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from claims.models import Claim, ClaimStatus
from conftest import client_for

from .helpers import candidate, set_up_assessor, start_claim

pytestmark = pytest.mark.django_db


def test_search_matches_code_title_or_part_title_ignoring_case(tutor_client: Client) -> None:
    url = reverse("claims:make-claim")
    for query in ["IT User", "it user", "03991", "Award in IT"]:
        page = tutor_client.get(url, {"q": query}).content.decode()
        assert "Level 1 Award in IT User Skills (ITQ)" in page, query
        assert "Customer Service" not in page, query
    page = tutor_client.get(url, {"q": "customer"}).content.decode()
    assert "05203" in page and "03991" not in page
    page = tutor_client.get(url, {"q": "nothing like it"}).content.decode()
    assert "No qualification matches" in page


def test_each_qualification_starts_with_no_claim_and_a_create_button(
    tutor_client: Client,
) -> None:
    page = tutor_client.get(reverse("claims:make-claim")).content.decode()
    assert page.count("No claim created") == 2
    assert 'action="/claims/create/03991/"' in page
    assert 'Create<span class="govuk-visually-hidden"> claim for 03991' in page


def test_create_without_centre_assessors_sets_them_up_first(tutor_client: Client) -> None:
    response = tutor_client.post(reverse("claims:create-claim", args=["03991"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:assessors", args=["03991"])
    assert not Claim.objects.filter(status=ClaimStatus.DRAFT).exists()


def test_create_with_an_assessor_starts_the_claim_and_opens_edit_claim(
    tutor: User, tutor_client: Client
) -> None:
    set_up_assessor(tutor)
    response = tutor_client.post(reverse("claims:create-claim", args=["03991"]))
    claim = Claim.objects.get(status=ClaimStatus.DRAFT)
    assert response["Location"] == reverse("claims:edit-claim", args=[claim.pk])
    assert claim.centre.number == "12345" and claim.created_by == tutor
    assert AuditEvent.objects.filter(action="claim.created", object_id=str(claim.pk)).count() == 1
    page = tutor_client.get(reverse("claims:make-claim")).content.decode()
    assert "Claim in progress" in page
    assert reverse("claims:edit-claim", args=[claim.pk]) in page
    assert 'action="/claims/create/03991/"' not in page


def test_pressing_create_twice_keeps_one_draft(tutor: User, centre_admin: User) -> None:
    set_up_assessor(tutor)
    for user in (tutor, centre_admin, tutor):
        client_for(user).post(reverse("claims:create-claim", args=["03991"]))
    assert Claim.objects.filter(status=ClaimStatus.DRAFT).count() == 1


def test_create_is_a_post_only(tutor: User, tutor_client: Client) -> None:
    set_up_assessor(tutor)
    assert tutor_client.get(reverse("claims:create-claim", args=["03991"])).status_code == 405
    assert not Claim.objects.filter(status=ClaimStatus.DRAFT).exists()


def test_a_qualification_the_centre_is_not_approved_for_is_not_found(
    southbank_client: Client,
) -> None:
    # Southbank is approved for 03991 only.
    assert southbank_client.post(reverse("claims:create-claim", args=["05203"])).status_code == 404
    assert southbank_client.get(reverse("claims:assessors", args=["05203"])).status_code == 404


def _northfield_urls(tutor: User) -> list[tuple[str, str]]:
    claim = start_claim(tutor)
    amira = candidate("11721896")
    assessor = claim.centre.assessors.get(initials="TA")
    return [
        ("get", reverse("claims:edit-claim", args=[claim.pk])),
        ("get", reverse("claims:view-claim", args=[claim.pk])),
        ("get", reverse("claims:candidate-claim", args=[claim.pk, amira.number])),
        ("post", reverse("claims:candidate-claim", args=[claim.pk, amira.number])),
        ("get", reverse("claims:other-units", args=[claim.pk, amira.number])),
        ("post", reverse("claims:other-units", args=[claim.pk, amira.number])),
        ("get", reverse("claims:assessor-edit", args=["03991", assessor.pk])),
        ("post", reverse("claims:assessor-edit", args=["03991", assessor.pk])),
    ]


def test_another_centres_claim_candidate_and_assessor_are_not_found(
    tutor: User, southbank_client: Client
) -> None:
    for method, url in _northfield_urls(tutor):
        response = getattr(southbank_client, method)(url, {"name": "X", "initials": "X"})
        assert response.status_code == 404, url
    assert set(Claim.objects.values_list("centre__number", flat=True)) == {"12345"}
    assert not AuditEvent.objects.filter(actor__email="admin@southbank.test").exists()


def test_a_southbank_candidate_is_not_found_on_a_northfield_claim(
    tutor: User, tutor_client: Client
) -> None:
    claim = start_claim(tutor)
    url = reverse("claims:candidate-claim", args=[claim.pk, "20000001"])
    assert tutor_client.get(url).status_code == 404


def test_staff_without_a_claims_role_get_the_roles_message_on_every_page(
    tutor: User, staff: User
) -> None:
    client = client_for(staff)
    for method, url in [
        ("get", reverse("claims:make-claim")),
        ("post", reverse("claims:create-claim", args=["03991"])),
        ("get", reverse("claims:assessors", args=["03991"])),
        ("post", reverse("claims:assessors", args=["03991"])),
        *_northfield_urls(tutor),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 403, url
        assert "'Centre Administrator' or 'Tutor/Teacher' role" in response.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, tutor: User) -> None:
    claim = start_claim(tutor)
    response = client.get(reverse("claims:edit-claim", args=[claim.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
