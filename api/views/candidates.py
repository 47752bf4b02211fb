"""Candidates, named entries and the unnamed-entry balance."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from candidates import actions, selectors
from candidates.serializers import (
    CandidateCreateSerializer,
    CandidateQuerySerializer,
    CandidateSerializer,
    CandidateUpdateSerializer,
    NamedEntryCreateSerializer,
    NamedEntryQuerySerializer,
    NamedEntrySerializer,
    UnnamedBalanceSerializer,
)
from catalogue.selectors import get_approved_qualification, units_of
from common.errors import DomainError
from common.replica import reads_from_replica

from .base import BODY, CentreView, errors, reference

TAG = ["Candidates and entries"]


class CandidateList(CentreView):
    serializer_class = CandidateSerializer

    @extend_schema(
        tags=TAG,
        summary="List or search the centre's candidates",
        parameters=[CandidateQuerySerializer],
        responses={200: CandidateSerializer(many=True), **errors(400, 404)},
    )
    @reads_from_replica
    def get(self, request: Request) -> Response:
        query = self.query(CandidateQuerySerializer)
        candidates = selectors.search_candidates(membership=self.membership, query=query["q"])
        return self.paginated(candidates, CandidateSerializer)

    @extend_schema(
        tags=TAG,
        summary="Add a candidate (Centre Administrator)",
        request=CandidateCreateSerializer,
        responses={201: CandidateSerializer, **errors(409, *BODY)},
    )
    def post(self, request: Request) -> Response:
        data = self.body(CandidateCreateSerializer)
        candidate = actions.create_candidate(
            membership=self.membership, acting_user=self.acting_user, **data
        )
        return Response(CandidateSerializer(candidate).data, status=status.HTTP_201_CREATED)


class CandidateDetail(CentreView):
    serializer_class = CandidateSerializer

    @extend_schema(
        tags=TAG,
        summary="A candidate, by candidate number",
        responses={200: CandidateSerializer, **errors(404)},
    )
    def get(self, request: Request, number: str) -> Response:
        candidate = selectors.get_candidate(membership=self.membership, number=number)
        return Response(CandidateSerializer(candidate).data)

    def _update(self, number: str, *, partial: bool) -> Response:
        candidate = selectors.get_candidate(membership=self.membership, number=number)
        data: dict[str, Any] = {
            "first_name": candidate.first_name,
            "last_name": candidate.last_name,
            "date_of_birth": candidate.date_of_birth,
            "uln": candidate.uln,
        }
        data.update(self.body(CandidateUpdateSerializer, partial=partial))
        changed = actions.update_candidate(
            membership=self.membership,
            candidate_id=candidate.pk,
            acting_user=self.acting_user,
            **data,
        )
        return Response(CandidateSerializer(changed).data)

    @extend_schema(
        tags=TAG,
        summary="Change a candidate's details (Centre Administrator)",
        description="The candidate number never changes.",
        request=CandidateUpdateSerializer,
        responses={200: CandidateSerializer, **errors(404, 409, *BODY)},
    )
    def put(self, request: Request, number: str) -> Response:
        return self._update(number, partial=False)

    @extend_schema(
        tags=TAG,
        summary="Change some of a candidate's details (Centre Administrator)",
        request=CandidateUpdateSerializer(partial=True),
        responses={200: CandidateSerializer, **errors(404, 409, *BODY)},
    )
    def patch(self, request: Request, number: str) -> Response:
        return self._update(number, partial=True)


class NamedEntryList(CentreView):
    serializer_class = NamedEntrySerializer

    @extend_schema(
        tags=TAG,
        summary="List the centre's named entries",
        parameters=[NamedEntryQuerySerializer],
        responses={200: NamedEntrySerializer(many=True), **errors(400, 404)},
    )
    @reads_from_replica
    def get(self, request: Request) -> Response:
        query = self.query(NamedEntryQuerySerializer)
        entries = selectors.named_entries(membership=self.membership)
        if "qualification" in query:
            entries = entries.filter(qualification__code=query["qualification"])
        if "candidate" in query:
            entries = entries.filter(candidate__number=query["candidate"])
        return self.paginated(entries, NamedEntrySerializer)

    @extend_schema(
        tags=TAG,
        summary="Make a named entry (Centre Administrator)",
        description="A full award entry (`full`), or unit entries (`units`) for listed units.",
        request=NamedEntryCreateSerializer,
        responses={201: NamedEntrySerializer, **errors(409, *BODY)},
    )
    def post(self, request: Request) -> Response:
        data = self.body(NamedEntryCreateSerializer)
        membership = self.membership
        with reference("candidate"):
            candidate = selectors.get_candidate(membership=membership, number=data["candidate"])
        with reference("qualification"):
            qualification = get_approved_qualification(membership.centre, data["qualification"])
        numbers = sorted(set(data["units"]))
        units = list(units_of(qualification).filter(number__in=numbers))
        unknown = sorted(set(numbers) - {unit.number for unit in units})
        if unknown:
            raise DomainError(
                f"{qualification.code} has no unit {', '.join(map(str, unknown))}",
                field="units",
                code="unknown_unit",
            )
        entry = actions.make_named_entry(
            membership=membership,
            candidate_id=candidate.pk,
            qualification_id=qualification.pk,
            entry_type=data["entry_type"],
            unit_ids=[unit.pk for unit in units],
            acting_user=self.acting_user,
        )
        entry = selectors.named_entries(membership=membership).get(pk=entry.pk)
        return Response(NamedEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class UnnamedBalanceList(CentreView):
    serializer_class = UnnamedBalanceSerializer

    @extend_schema(
        tags=TAG,
        summary="Unnamed unit entries left, per qualification",
        responses={200: UnnamedBalanceSerializer(many=True), **errors(404)},
    )
    def get(self, request: Request) -> Response:
        balances = selectors.unnamed_balances(membership=self.membership)
        return self.paginated(balances, UnnamedBalanceSerializer)
