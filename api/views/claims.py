"""Claims: create the draft, put each candidate's units, view, submit; and the claim history."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from candidates.selectors import get_candidate
from claims import actions as claim_actions
from claims import selectors as claim_selectors
from claims.models import Claim
from claims.serializers import (
    CandidateClaimSerializer,
    CandidateUnitsSerializer,
    ClaimCreateSerializer,
    ClaimDetailSerializer,
    ClaimHistoryQuerySerializer,
    ClaimHistorySerializer,
    SubmitSerializer,
)
from common.replica import reads_from_replica

from .. import claim_actions as actions
from .base import BODY, CentreView, errors, reference

TAG = ["Claims"]

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="The candidate's `version`; when someone changed the candidate since, 409",
)


def claim_detail(view: CentreView, claim: Claim) -> Response:
    rows = claim_selectors.claim_summary(membership=view.membership, claim=claim)
    claim.rows = rows  # type: ignore[attr-defined]
    assessors = claim_selectors.assessors_for(
        membership=view.membership, qualification=claim.qualification
    )
    context = {"assessor_initials": {a.pk: a.initials for a in assessors}}
    return Response(ClaimDetailSerializer(claim, context=context).data)


class ClaimDetail(CentreView):
    serializer_class = ClaimDetailSerializer

    @extend_schema(
        tags=TAG,
        summary="A claim with its candidates and their units",
        responses={200: ClaimDetailSerializer, **errors(404)},
    )
    def get(self, request: Request, claim_id: int) -> Response:
        claim = claim_selectors.get_claim(membership=self.membership, claim_id=claim_id)
        return claim_detail(self, claim)


class CandidateOnClaim(CentreView):
    serializer_class = CandidateClaimSerializer

    def _current(self, claim_id: int, number: str) -> claim_selectors.CandidateClaim:
        candidate = get_candidate(membership=self.membership, number=number)
        return claim_selectors.candidate_claim(
            membership=self.membership, claim_id=claim_id, candidate=candidate
        )

    @extend_schema(
        tags=TAG,
        summary="A candidate's units on a claim, and which units can be claimed",
        responses={200: CandidateClaimSerializer, **errors(404)},
    )
    def get(self, request: Request, claim_id: int, number: str) -> Response:
        return Response(CandidateClaimSerializer(self._current(claim_id, number)).data)

    @extend_schema(
        tags=TAG,
        summary="Claim exactly these units for the candidate ('Save claim')",
        description=(
            "Replaces the candidate's claimed units with the list: units left out are not "
            "claimed, and an empty list takes the candidate off the claim. Each unit names "
            "its centre assessor by initials; graded units need a grade; a unit achieved "
            "with another awarding body names that body. Everything is saved, or nothing. "
            "Errors name the list position, e.g. `units.1.grade`."
        ),
        parameters=[IF_MATCH],
        request=CandidateUnitsSerializer,
        responses={200: CandidateClaimSerializer, **errors(404, 409, *BODY)},
    )
    def put(self, request: Request, claim_id: int, number: str) -> Response:
        current = self._current(claim_id, number)
        data = self.body(CandidateUnitsSerializer)
        result = actions.replace_candidate_units(
            membership=self.membership,
            claim_id=current.claim.pk,
            candidate=current.candidate,
            units=[actions.UnitClaim(**item) for item in data["units"]],
            version=data.get("version") or request.headers.get("If-Match") or None,
            acting_user=self.acting_user,
        )
        return Response(CandidateClaimSerializer(result).data)

    @extend_schema(
        tags=TAG,
        summary="Take the candidate off the claim",
        parameters=[IF_MATCH],
        request=None,
        responses={204: None, **errors(404, 409)},
    )
    def delete(self, request: Request, claim_id: int, number: str) -> Response:
        current = self._current(claim_id, number)
        actions.replace_candidate_units(
            membership=self.membership,
            claim_id=current.claim.pk,
            candidate=current.candidate,
            units=[],
            version=request.headers.get("If-Match") or None,
            acting_user=self.acting_user,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def create_claim(view: CentreView) -> Response:
    """POST /claims/: the centre's claim in progress for the qualification, started if needed."""
    data = view.body(ClaimCreateSerializer)
    with reference("qualification"):
        qualification = claim_selectors.get_claimable_qualification(
            membership=view.membership, code=data["qualification"]
        )
    claim, created = claim_actions.create_claim(
        membership=view.membership, qualification=qualification, acting_user=view.acting_user
    )
    response = claim_detail(view, claim)
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return response


class ClaimList(CentreView):
    serializer_class = ClaimDetailSerializer

    @extend_schema(
        tags=TAG,
        summary="Claim history: the centre's claims, newest first",
        description="A claim in progress comes first; it has no claim number yet.",
        parameters=[ClaimHistoryQuerySerializer],
        responses={200: ClaimHistorySerializer(many=True), **errors(400, 404)},
    )
    @reads_from_replica
    def get(self, request: Request) -> Response:
        query = self.query(ClaimHistoryQuerySerializer)
        claims = claim_selectors.claim_history(
            membership=self.membership, qualification_code=query.get("qualification", "")
        )
        if "status" in query:
            claims = claims.filter(status=query["status"])
        return self.paginated(claims, ClaimHistorySerializer)

    @extend_schema(
        tags=TAG,
        summary="Create the claim for a qualification ('Create'), or get the one in progress",
        description=(
            "One claim is in progress per centre and qualification: when there is one already "
            "it is returned with 200. The qualification needs a centre assessor first."
        ),
        request=ClaimCreateSerializer,
        responses={
            201: ClaimDetailSerializer,
            200: ClaimDetailSerializer,
            **errors(*BODY),
        },
    )
    def post(self, request: Request) -> Response:
        return create_claim(self)


class SubmitClaim(CentreView):
    serializer_class = ClaimDetailSerializer

    @extend_schema(
        tags=TAG,
        summary="Submit the claim ('Submit to assessor', or straight to the awarding body "
        "with direct claim status)",
        description=(
            "The claim gets its claim number and can no longer be changed. For remote "
            "moderation `declaration` must be true. Refused with 409 while a check blocks "
            "submission (e.g. too few unnamed entries), or when the claim was already "
            "submitted: submitting twice submits once."
        ),
        request=SubmitSerializer,
        responses={200: ClaimDetailSerializer, **errors(404, 409, *BODY)},
    )
    def post(self, request: Request, claim_id: int) -> Response:
        claim = claim_selectors.get_claim(membership=self.membership, claim_id=claim_id)
        data = self.body(SubmitSerializer)
        submitted = claim_actions.submit_claim(
            membership=self.membership,
            claim_id=claim.pk,
            submitter_email=data.get("submitter_email") or self.acting_user.email,
            declaration=data["declaration"],
            acting_user=self.acting_user,
        )
        fresh = claim_selectors.get_claim(membership=self.membership, claim_id=submitted.pk)
        return claim_detail(self, fresh)
