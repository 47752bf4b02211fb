from django.urls import path

from . import views

app_name = "verification"

urlpatterns = [
    # External verifiers
    path("verification/", views.verification, name="index"),
    path(
        "verification/<int:assignment_id>/visits/new/",
        views.verifier_report_new,
        name="verifier-report-new",
    ),
    path("verification/reports/<int:report_id>/", views.verifier_report, name="verifier-report"),
    # The centre: Centre information
    path(
        "centre-information/external-verifier-reports/",
        views.centre_verifier_reports,
        name="centre-verifier-reports",
    ),
    path(
        "centre-information/external-verifier-reports/<int:report_id>/",
        views.centre_verifier_report,
        name="centre-verifier-report",
    ),
    # Operations
    path("operations/direct-claim-status/", views.direct_claim_status, name="direct-claim-status"),
    path(
        "operations/direct-claim-status/<int:approval_id>/",
        views.direct_claim_status_change,
        name="direct-claim-status-change",
    ),
]
