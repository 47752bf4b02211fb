"""The API's reviews of moderation: the token's centre's only, read only, in the schema."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from reviews import actions
from reviews.models import Review
from reviews.tests import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(demo: None) -> Review:
    claim = helpers.withdrawn_unit_claim()
    return helpers.assigned(claim)


def test_the_centre_lists_its_reviews_with_each_decision(
    review: Review, tutor_api: APIClient
) -> None:
    body = tutor_api.get("/api/v1/reviews/").json()
    assert body["count"] == 1
    (found,) = body["results"]
    assert found["id"] == review.pk and found["status"] == "assigned"
    assert found["claim_number"] == str(review.claim.claim_number)
    assert found["qualification"] == "03991" and found["reason"] == helpers.REASON
    (decision,) = found["decisions"]
    assert decision == {
        "candidate": "123456",
        "name": "John Smith",
        "unit": 7,
        "title": "Bespoke software [Level 1]",
        "decided": decision["decided"],
        "review": "",
        "outcome": "To decide",
        "reason": "",
    }
    assert decision["decided"].startswith("Withdrawn")


def test_the_detail_shows_the_outcome(review: Review, tutor_api: APIClient) -> None:
    item = review.items.get()
    reviewer = helpers.reviewer()
    actions.decide_item(
        acting_user=reviewer, review_id=review.pk, item_id=item.pk, decision="accept", reason="Met"
    )
    actions.complete_review(acting_user=reviewer, review_id=review.pk)
    body = tutor_api.get(f"/api/v1/reviews/{review.pk}/").json()
    assert body["status"] == "completed" and body["completed_at"]
    assert body["decisions"][0]["review"] == "changed"
    assert body["decisions"][0]["outcome"] == "Changed to accepted"


def test_another_centres_review_is_not_found(review: Review, southbank_api: APIClient) -> None:
    assert southbank_api.get(f"/api/v1/reviews/{review.pk}/").status_code == 404
    assert southbank_api.get("/api/v1/reviews/").json()["count"] == 0
    assert southbank_api.get("/api/v1/reviews/999999/").status_code == 404


def test_reviews_are_read_only(review: Review, tutor_api: APIClient) -> None:
    assert tutor_api.post("/api/v1/reviews/", {}, format="json").status_code == 405
    assert tutor_api.delete(f"/api/v1/reviews/{review.pk}/").status_code == 405


def test_the_list_costs_the_same_for_more_reviews(
    review: Review, tutor_api: APIClient, django_assert_max_num_queries: Any
) -> None:
    helpers.requested(helpers.withdrawn_unit_claim(who="789012"), who="789012")
    helpers.requested(helpers.withdrawn_unit_claim(who="11721896"), who="11721896")
    with django_assert_max_num_queries(12):
        body = tutor_api.get("/api/v1/reviews/").json()
    assert body["count"] == 3


def test_the_schema_has_the_reviews(client: Client) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert {"/api/v1/reviews/", "/api/v1/reviews/{review_id}/"} <= set(schema["paths"])
    review = schema["components"]["schemas"]["Review"]
    assert {"status", "decisions", "claim_number"} <= set(review["properties"])
