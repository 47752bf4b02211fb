"""Qualifications the centre is approved for, their units, and the centre assessors for each."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from catalogue.models import Qualification
from catalogue.selectors import approved_qualifications, units_of
from catalogue.serializers import (
    QualificationDetailSerializer,
    QualificationSerializer,
    UnitSerializer,
)
from claims import actions as claim_actions
from claims import selectors as claim_selectors
from claims.serializers import CentreAssessorCreateSerializer, CentreAssessorSerializer

from .base import BODY, CentreView, errors

TAG = ["Qualifications and centre assessors"]


class QualificationView(CentreView):
    def qualification(self, code: str) -> Qualification:
        return claim_selectors.get_claimable_qualification(membership=self.membership, code=code)


class QualificationList(CentreView):
    serializer_class = QualificationSerializer

    @extend_schema(
        tags=TAG,
        summary="The qualifications the centre is approved for",
        responses={200: QualificationSerializer(many=True), **errors(404)},
    )
    def get(self, request: Request) -> Response:
        qualifications = approved_qualifications(self.membership.centre)
        return self.paginated(qualifications, QualificationSerializer)


class QualificationDetail(QualificationView):
    serializer_class = QualificationDetailSerializer

    @extend_schema(
        tags=TAG,
        summary="A qualification with its units",
        responses={200: QualificationDetailSerializer, **errors(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        qualification = self.qualification(code)
        data = QualificationSerializer(qualification).data
        data["units"] = UnitSerializer(units_of(qualification), many=True).data
        return Response(data)


class UnitList(QualificationView):
    serializer_class = UnitSerializer

    @extend_schema(
        tags=TAG,
        summary="A qualification's units",
        responses={200: UnitSerializer(many=True), **errors(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        return self.paginated(units_of(self.qualification(code)), UnitSerializer)


class AssessorList(QualificationView):
    serializer_class = CentreAssessorSerializer

    @extend_schema(
        tags=TAG,
        summary="The centre assessors set up for a qualification",
        responses={200: CentreAssessorSerializer(many=True), **errors(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        assessors = claim_selectors.assessors_for(
            membership=self.membership, qualification=self.qualification(code)
        )
        return self.paginated(assessors, CentreAssessorSerializer)

    @extend_schema(
        tags=TAG,
        summary="Set up a centre assessor for a qualification",
        description=f"Initials are 1 to {claim_actions.MAX_INITIALS} letters, unique within the "
        "centre (ignoring case).",
        request=CentreAssessorCreateSerializer,
        responses={201: CentreAssessorSerializer, **errors(404, 409, *BODY)},
    )
    def post(self, request: Request, code: str) -> Response:
        qualification = self.qualification(code)
        data = self.body(CentreAssessorCreateSerializer)
        assessor = claim_actions.add_centre_assessor(
            membership=self.membership,
            qualification=qualification,
            name=data["name"],
            initials=data["initials"],
            acting_user=self.acting_user,
        )
        return Response(CentreAssessorSerializer(assessor).data, status=status.HTTP_201_CREATED)
