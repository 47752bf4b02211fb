"""The pages of reviews of moderation: the centre asks on its claim, operations give the review
to a second examiner-moderator, who decides each decision and completes it."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from claims.models import Claim
from conftest import client_for
from notifications.models import OutboxMessage
from results.tests import factories

from ..models import Review, ReviewStatus
from . import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(demo: None) -> Claim:
    return helpers.withdrawn_unit_claim()


def _page(response: Any) -> str:
    return response.content.decode()


def test_view_claim_offers_a_review_within_the_window(claim: Claim, tutor_client: Client) -> None:
    page = _page(tutor_client.get(reverse("claims:view-claim", args=[claim.pk])))
    assert "Ask for a review of moderation" in page
    assert reverse("reviews:request", args=[claim.pk]) in page


def test_the_centre_asks_on_its_page_and_the_claim_shows_the_review(
    claim: Claim, tutor_client: Client
) -> None:
    url = reverse("reviews:request", args=[claim.pk])
    page = _page(tutor_client.get(url))
    withdrawn = helpers.unit(claim, 7)
    offered = 'name="claimed_units" type="checkbox" value="{}"'
    assert offered.format(withdrawn.pk) in page and "unit 7" in page and "Withdrawn" in page
    # Units accepted as claimed are asked about through their candidate, not one by one.
    assert offered.format(helpers.unit(claim, 1).pk) not in page
    assert "John Smith (123456)" in page
    response = tutor_client.post(
        url, {"claimed_units": [str(withdrawn.pk)], "reason": helpers.REASON}
    )
    assert response.status_code == 302
    review = Review.objects.get()
    assert list(review.items.values_list("claimed_unit", flat=True)) == [withdrawn.pk]
    page = _page(tutor_client.get(reverse("claims:view-claim", args=[claim.pk])))
    assert "Review of moderation" in page and helpers.REASON in page and "Requested" in page
    assert "Ask for a review of moderation" not in page
    history = _page(tutor_client.get(reverse("claims:claim-history-log", args=[claim.pk])))
    assert "Review of moderation asked for" in history


def test_bad_input_is_shown_beside_the_fields_and_nothing_is_saved(
    claim: Claim, tutor_client: Client
) -> None:
    url = reverse("reviews:request", args=[claim.pk])
    response = tutor_client.post(url, {"reason": ""})
    assert response.status_code == 400
    page = _page(response)
    assert "There is a problem" in page
    assert page.count("Choose the candidates or units to review") == 2
    assert page.count("Enter the reason for the review") == 2
    response = tutor_client.post(url, {"claimed_units": ["x"], "reason": "r"})
    assert response.status_code == 400
    assert not Review.objects.exists()


def test_a_unit_of_another_claim_is_refused_beside_the_field(
    claim: Claim, tutor_client: Client
) -> None:
    other = helpers.withdrawn_unit_claim(who="789012")
    response = tutor_client.post(
        reverse("reviews:request", args=[claim.pk]),
        {"claimed_units": [str(helpers.unit(other, 7, "789012").pk)], "reason": helpers.REASON},
    )
    assert response.status_code == 400
    assert "Choose units on this claim decided by the examiner-moderator" in _page(response)
    assert not Review.objects.exists()


def test_window_passed_and_a_review_open_say_so(
    claim: Claim, tutor_client: Client, settings: Any
) -> None:
    url = reverse("reviews:request", args=[claim.pk])
    helpers.requested(claim)
    page = _page(tutor_client.get(url))
    assert (
        "A review of this claim is already open" in page and "<form" not in page.split("<main")[1]
    )
    response = tutor_client.post(
        url, {"claimed_units": [str(helpers.unit(claim, 1).pk)], "reason": helpers.REASON}
    )
    assert response.status_code == 409
    assert "is already open" in _page(response)
    Review.objects.all().delete()
    helpers.age(claim, settings.REVIEW_WINDOW_DAYS + 1)
    page = _page(tutor_client.get(url))
    assert "The time to ask for a review of this claim ended on" in page
    claim_page = _page(tutor_client.get(reverse("claims:view-claim", args=[claim.pk])))
    assert "The time to ask for a review" in claim_page
    assert "Ask for a review of moderation</a>" not in claim_page
    response = tutor_client.post(
        url, {"claimed_units": [str(helpers.unit(claim, 7).pk)], "reason": helpers.REASON}
    )
    assert response.status_code == 409 and "within 30 days" in _page(response)
    assert not Review.objects.exists()


def test_another_centre_gets_not_found(claim: Claim, southbank_client: Client) -> None:
    assert southbank_client.get(reverse("reviews:request", args=[claim.pk])).status_code == 404
    review = helpers.requested(claim)
    for url in (
        reverse("reviews:operations-review", args=[review.pk]),
        reverse("reviews:reviewer-review", args=[review.pk]),
    ):
        assert southbank_client.get(url).status_code == 404


def test_operations_list_reviews_by_status_in_a_fixed_number_of_queries(
    claim: Claim, ops: User, django_assert_max_num_queries: Any
) -> None:
    client = client_for(ops)
    helpers.requested(claim)
    for who in ("789012", "11721896"):
        helpers.requested(helpers.withdrawn_unit_claim(who=who), who=who)
    url = reverse("reviews:operations-list")
    with django_assert_max_num_queries(14):
        page = _page(client.get(url))
    assert "Requested (3)" in page and "With the reviewer (0)" in page
    assert page.count("Not given yet") == 3
    assert str(claim.claim_number) in page
    nav = page.split('id="navigation"')[1].split("</ul>")[0]
    assert reverse("reviews:operations-list") in nav


def test_operations_assign_the_reviewer_and_the_first_moderator_is_refused(
    claim: Claim, ops: User
) -> None:
    client = client_for(ops)
    review = helpers.requested(claim)
    url = reverse("reviews:operations-review", args=[review.pk])
    page = _page(client.get(url))
    assert "Rhea Patel" in page and helpers.REASON in page
    response = client.post(url, {"reviewer": str(claim.moderator_id)})
    assert response.status_code == 400
    page = _page(response)
    assert page.count("Choose an examiner-moderator other than the one who moderated") == 2
    review.refresh_from_db()
    assert review.reviewer is None
    assert client.post(url, {"reviewer": ""}).status_code == 400
    response = client.post(url, {"reviewer": str(helpers.reviewer().pk)})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.ASSIGNED
    assert OutboxMessage.objects.filter(kind="review_assigned").count() == 2


def test_the_reviewer_decides_and_completes_on_their_pages(claim: Claim) -> None:
    review = helpers.assigned(claim)
    item = review.items.get()
    client = client_for(helpers.reviewer())
    listed = _page(client.get(reverse("reviews:reviewer-list")))
    assert reverse("reviews:reviewer-review", args=[review.pk]) in listed
    page = _page(client.get(reverse("reviews:reviewer-review", args=[review.pk])))
    assert "Withdrawn" in page and "Complete the review" not in page
    decide = reverse("reviews:reviewer-decide", args=[review.pk, item.pk])
    response = client.post(decide, {})
    assert response.status_code == 400
    assert _page(response).count("Choose uphold, accept, amend the grade or withdraw") == 2
    response = client.post(decide, {"decision": "withdraw", "reason": "Still not met"})
    assert response.status_code == 400
    assert "choose Uphold to keep it" in _page(response)
    response = client.post(decide, {"decision": "accept", "reason": "Meets the criteria"})
    assert response.status_code == 302
    page = _page(client.get(reverse("reviews:reviewer-review", args=[review.pk])))
    assert "Changed to accepted" in page and "Complete the review" in page
    response = client.post(reverse("reviews:reviewer-complete", args=[review.pk]))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.COMPLETED
    tutor = client_for(User.objects.get(email="tutor@northfield.test"))
    claim_page = _page(tutor.get(reverse("claims:view-claim", args=[claim.pk])))
    assert "Completed" in claim_page and "Changed to accepted" in claim_page
    history = _page(tutor.get(reverse("claims:claim-history-log", args=[claim.pk])))
    assert "Review of moderation asked for" in history
    assert f"Review of claim {claim.claim_number} assigned to Rhea Patel" in history
    assert "Changed to accepted" in history
    assert f"Review of claim {claim.claim_number} completed" in history


def test_completing_with_decisions_left_says_so(claim: Claim) -> None:
    review = helpers.assigned(claim)
    client = client_for(helpers.reviewer())
    response = client.post(reverse("reviews:reviewer-complete", args=[review.pk]))
    assert response.status_code == 409
    assert "Uphold or change every decision" in _page(response)


def test_only_the_reviewer_opens_the_review(claim: Claim, moderator: User) -> None:
    review = helpers.assigned(claim)
    item = review.items.get()
    client = client_for(moderator)
    for url in (
        reverse("reviews:reviewer-review", args=[review.pk]),
        reverse("reviews:reviewer-decide", args=[review.pk, item.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("reviews:reviewer-complete", args=[review.pk])).status_code == 404
    reviewer = client_for(helpers.reviewer())
    other = helpers.assigned(helpers.withdrawn_unit_claim(who="789012"), who="789012")
    other_item = other.items.get()
    # An item of another review through this review's address.
    url = reverse("reviews:reviewer-decide", args=[review.pk, other_item.pk])
    assert reviewer.post(url, {"decision": "accept", "reason": "r"}).status_code == 404
    other_item.refresh_from_db()
    assert not other_item.is_decided


def test_a_claim_without_changes_offers_its_candidates_only(
    demo: None, tutor_client: Client
) -> None:
    claim = factories.processed({"123456": [1, 4, 7]}).claim
    url = reverse("reviews:request", args=[claim.pk])
    page = _page(tutor_client.get(url))
    assert "Units the examiner-moderator changed" not in page and "John Smith (123456)" in page
    response = tutor_client.post(url, {"reason": helpers.REASON})
    assert response.status_code == 400
    assert "Choose the candidates or units to review" in _page(response)
    cc = helpers.unit(claim, 1).claim_candidate
    response = tutor_client.post(url, {"candidates": [str(cc.pk)], "reason": helpers.REASON})
    assert response.status_code == 302
    assert Review.objects.get().items.count() == 3


def test_the_reviewer_list_costs_the_same_for_more_reviews(
    demo: None, django_assert_max_num_queries: Any
) -> None:
    for who in ("123456", "789012", "11721896"):
        helpers.assigned(helpers.withdrawn_unit_claim(who=who), who=who)
    client: Client = client_for(helpers.reviewer())
    with django_assert_max_num_queries(12):
        page = client.get(reverse("reviews:reviewer-list")).content.decode()
    assert "Reviews given to you: 3" in page
