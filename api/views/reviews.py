"""Reviews of moderation the centre asked for: read only."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from common.replica import reads_from_replica
from reviews import selectors
from reviews.serializers import ReviewSerializer

from .base import CentreView, errors

TAG = ["Reviews"]


def _with_decisions(reviews: list[Any]) -> list[Any]:
    items = selectors.items_by_review(reviews)
    for review in reviews:
        review.decisions = selectors.decisions_asked_about(items[review.pk])
    return reviews


class ReviewList(CentreView):
    serializer_class = ReviewSerializer

    @extend_schema(
        tags=TAG,
        summary="The centre's reviews of moderation, newest first, with each decision asked about",
        responses={200: ReviewSerializer(many=True), **errors(404)},
    )
    @reads_from_replica
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.centre_reviews(self.membership))
        assert page is not None
        data = ReviewSerializer(_with_decisions(list(page)), many=True).data
        return self.get_paginated_response(data)


class ReviewDetail(CentreView):
    serializer_class = ReviewSerializer

    @extend_schema(
        tags=TAG,
        summary="A review of moderation and its outcome",
        responses={200: ReviewSerializer, **errors(404)},
    )
    def get(self, request: Request, review_id: int) -> Response:
        review = selectors.get_centre_review(self.membership, review_id)
        return Response(ReviewSerializer(_with_decisions([review])[0]).data)
