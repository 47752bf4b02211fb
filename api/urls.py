"""The REST API (/api/v1/), its OpenAPI schema (/api/schema/) and documentation (/api/docs/)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from .views import candidates, catalogue, certificates, claims, me, results
from .views.base import NoSuchEndpoint
from .views.docs import ApiDocs
from .views.reviews import ReviewDetail, ReviewList

v1 = [
    path("me/", me.Me.as_view(), name="me"),
    path("reviews/", ReviewList.as_view(), name="reviews"),
    path("reviews/<int:review_id>/", ReviewDetail.as_view(), name="review"),
    path("candidates/", candidates.CandidateList.as_view(), name="candidates"),
    path("candidates/<str:number>/", candidates.CandidateDetail.as_view(), name="candidate"),
    path("entries/", candidates.NamedEntryList.as_view(), name="entries"),
    path("unnamed-entries/", candidates.UnnamedBalanceList.as_view(), name="unnamed-entries"),
    path("qualifications/", catalogue.QualificationList.as_view(), name="qualifications"),
    path(
        "qualifications/<str:code>/",
        catalogue.QualificationDetail.as_view(),
        name="qualification",
    ),
    path("qualifications/<str:code>/units/", catalogue.UnitList.as_view(), name="units"),
    path(
        "qualifications/<str:code>/assessors/",
        catalogue.AssessorList.as_view(),
        name="assessors",
    ),
    path("claims/", claims.ClaimList.as_view(), name="claims"),
    path("claims/<int:claim_id>/", claims.ClaimDetail.as_view(), name="claim"),
    path(
        "claims/<int:claim_id>/candidates/<str:number>/",
        claims.CandidateOnClaim.as_view(),
        name="claim-candidate",
    ),
    path("claims/<int:claim_id>/submit/", claims.SubmitClaim.as_view(), name="claim-submit"),
    path("results/", results.ResultList.as_view(), name="results"),
    path("certificates/", certificates.CertificateList.as_view(), name="certificates"),
    path(
        "certificates/<str:number>/",
        certificates.CertificateDetail.as_view(),
        name="certificate",
    ),
]

app_name = "api"

urlpatterns = [
    path("v1/", include(v1)),
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[AllowAny]),
        name="schema",
    ),
    path(
        "docs/",
        ApiDocs.as_view(url_name="api:schema", permission_classes=[AllowAny]),
        name="docs",
    ),
    re_path(r"", NoSuchEndpoint.as_view(), name="no-such-endpoint"),
]
