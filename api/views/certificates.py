"""Certificates: the centre's, as printed, with their status now."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from certificates import selectors
from certificates.serializers import CertificateQuerySerializer, CertificateSerializer
from common.replica import reads_from_replica

from .base import CentreView, errors

TAG = ["Certificates"]

AWARD_EXAMPLE = {
    "number": "K7QM-3XPD-9RTK",
    "kind": "award",
    "status": "valid",
    "candidate": "789012",
    "name": "Jane Doe",
    "qualification": "05203",
    "qualification_title": "Level 2 Certificate in Customer Service",
    "grade": "Merit",
    "units": [
        {
            "unit": 1,
            "title": "Principles of customer service",
            "level": 2,
            "credits": 4,
            "grade": "Distinction",
            "awarding_body": "",
        },
        {
            "unit": 2,
            "title": "Communicate effectively with customers",
            "level": 2,
            "credits": 4,
            "grade": "Merit",
            "awarding_body": "",
        },
    ],
    "awarded_on": "2026-07-14",
    "claim_number": 78104,
    "replaced_by": None,
}
REPLACED_EXAMPLE = {
    **AWARD_EXAMPLE,
    "number": "4WZD-8N2F-QH7A",
    "status": "replaced",
    "replaced_by": "K7QM-3XPD-9RTK",
}
UNITS_EXAMPLE = {
    "number": "R2VB-6J9E-5KXN",
    "kind": "units",
    "status": "valid",
    "candidate": "11721832",
    "name": "Chloe Davies",
    "qualification": "03991",
    "qualification_title": "Level 1 Award in IT User Skills (ITQ)",
    "grade": "",
    "units": [
        {
            "unit": 1,
            "title": "Improving productivity using IT [Level 1]",
            "level": 1,
            "credits": 3,
            "grade": "Pass",
            "awarding_body": "",
        }
    ],
    "awarded_on": "2026-07-14",
    "claim_number": 78105,
    "replaced_by": None,
}


class CertificateList(CentreView):
    serializer_class = CertificateSerializer

    @extend_schema(
        tags=TAG,
        summary="The centre's certificates, newest first",
        description="Every certificate issued to the centre's candidates once its results are "
        "published: full award certificates and unit certificates, valid, replaced or "
        "withdrawn. A filter that matches nothing gives an empty list.",
        parameters=[CertificateQuerySerializer],
        responses={200: CertificateSerializer(many=True), **errors(400, 404)},
        examples=[
            OpenApiExample(
                "A page of certificates",
                value=[AWARD_EXAMPLE, UNITS_EXAMPLE, REPLACED_EXAMPLE],
                response_only=True,
                status_codes=["200"],
            )
        ],
    )
    @reads_from_replica
    def get(self, request: Request) -> Response:
        query = self.query(CertificateQuerySerializer)
        certificates = selectors.centre_certificates(
            membership=self.membership,
            candidate=query.get("candidate", ""),
            qualification=query.get("qualification", ""),
        )
        return self.paginated(certificates, CertificateSerializer)


class CertificateDetail(CentreView):
    serializer_class = CertificateSerializer

    @extend_schema(
        tags=TAG,
        summary="A certificate, by its number",
        description="The number with or without its hyphens. Another centre's certificate is "
        "not found, as is one whose results are not yet published.",
        responses={200: CertificateSerializer, **errors(404)},
        examples=[
            OpenApiExample("A full award's certificate", value=AWARD_EXAMPLE, response_only=True),
            OpenApiExample("A unit certificate", value=UNITS_EXAMPLE, response_only=True),
            OpenApiExample("A replaced certificate", value=REPLACED_EXAMPLE, response_only=True),
        ],
    )
    def get(self, request: Request, number: str) -> Response:
        certificate = selectors.centre_certificate(membership=self.membership, number=number)
        return Response(CertificateSerializer(certificate).data)
