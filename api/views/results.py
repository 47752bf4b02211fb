"""Published results: each candidate's achieved units and full awards."""

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from claims.selectors import get_claimable_qualification
from common.replica import reads_from_replica
from results import selectors
from results.serializers import CandidateResultsSerializer, ResultsQuerySerializer

from .base import CentreView, errors, reference


class ResultList(CentreView):
    serializer_class = CandidateResultsSerializer

    @extend_schema(
        tags=["Results"],
        summary="Published results: units achieved and full awards, per candidate",
        description="Candidates with at least one published result, by name. A result is "
        "published a set time after its claim is processed.",
        parameters=[ResultsQuerySerializer],
        responses={200: CandidateResultsSerializer(many=True), **errors(400, 404)},
    )
    @reads_from_replica
    def get(self, request: Request) -> Response:
        query = self.query(ResultsQuerySerializer)
        qualification = None
        if "qualification" in query:
            with reference("qualification"):
                qualification = get_claimable_qualification(
                    membership=self.membership, code=query["qualification"]
                )
        candidates = selectors.result_candidates(
            membership=self.membership, qualification=qualification, query=query["q"]
        )
        page = self.paginate_queryset(candidates)
        assert page is not None
        results = selectors.published_results(
            membership=self.membership, candidates=page, qualification=qualification
        )
        data = CandidateResultsSerializer(results, many=True).data
        return self.get_paginated_response(data)
