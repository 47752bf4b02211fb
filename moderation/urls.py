from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    # The examiner-moderator
    path("moderation/", views.queue, name="queue"),
    path("moderation/claims/<int:claim_id>/", views.claim_detail, name="claim"),
    path("moderation/claims/<int:claim_id>/sample/", views.sample, name="sample"),
    path(
        "moderation/claims/<int:claim_id>/candidates/<int:claim_candidate_id>/",
        views.candidate_review,
        name="candidate",
    ),
    path(
        "moderation/claims/<int:claim_id>/candidates/<int:claim_candidate_id>/accept/",
        views.accept_candidate,
        name="accept-candidate",
    ),
    path(
        "moderation/claims/<int:claim_id>/candidates/<int:claim_candidate_id>/withdraw/",
        views.withdraw_candidate,
        name="withdraw-candidate",
    ),
    path(
        "moderation/claims/<int:claim_id>/candidates/<int:claim_candidate_id>/malpractice/",
        views.flag_malpractice,
        name="malpractice",
    ),
    path(
        "moderation/claims/<int:claim_id>/units/<int:claimed_unit_id>/",
        views.unit_review,
        name="unit",
    ),
    path(
        "moderation/claims/<int:claim_id>/units/<int:claimed_unit_id>/accept/",
        views.accept_unit,
        name="accept-unit",
    ),
    path(
        "moderation/claims/<int:claim_id>/withdraw-by-assessor/",
        views.withdraw_assessor_grade,
        name="withdraw-assessor-grade",
    ),
    path("moderation/claims/<int:claim_id>/withdraw/", views.withdraw_claim, name="withdraw-claim"),
    path("moderation/claims/<int:claim_id>/feedback/", views.feedback, name="feedback"),
    path("moderation/claims/<int:claim_id>/send/", views.send, name="send"),
    path(
        "moderation/claims/<int:claim_id>/evidence/<int:submission_id>/arrived/",
        views.record_arrival,
        name="arrival",
    ),
    path("evidence/files/<int:file_id>/", views.evidence_file, name="evidence-file"),
    # The centre: Centre information
    path("centre-information/", views.centre_information, name="centre-information"),
    path(
        "centre-information/claims/<int:claim_id>/evidence/",
        views.centre_evidence,
        name="centre-evidence",
    ),
    path(
        "centre-information/claims/<int:claim_id>/evidence/<int:file_id>/remove/",
        views.centre_evidence_remove,
        name="centre-evidence-remove",
    ),
    path(
        "centre-information/examiner-moderator-reports/",
        views.centre_moderator_reports,
        name="centre-moderator-reports",
    ),
    path(
        "centre-information/examiner-moderator-reports/<int:claim_id>/",
        views.centre_moderator_report,
        name="centre-moderator-report",
    ),
    path(
        "centre-information/examiner-moderator-reports/<int:claim_id>/pdf/",
        views.centre_moderator_report_pdf,
        name="centre-moderator-report-pdf",
    ),
    # Operations
    path("operations/overdue-claims/", views.overdue, name="overdue"),
]
