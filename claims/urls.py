from django.urls import path

from . import views

app_name = "claims"

urlpatterns = [
    path("", views.make_claim, name="make-claim"),
    path("create/<str:code>/", views.create_claim, name="create-claim"),
    path("assessors/<str:code>/", views.assessors, name="assessors"),
    path(
        "assessors/<str:code>/<int:assessor_id>/edit/",
        views.assessor_edit,
        name="assessor-edit",
    ),
    path("history/", views.claim_history, name="history"),
    path("<int:claim_id>/", views.view_claim, name="view-claim"),
    path("<int:claim_id>/print/", views.view_claim_print, name="view-claim-print"),
    path("<int:claim_id>/history/", views.claim_history_log, name="claim-history-log"),
    path("<int:claim_id>/claim.csv", views.claim_csv, name="claim-csv"),
    path("<int:claim_id>/claim.pdf", views.claim_pdf, name="claim-pdf"),
    path("<int:claim_id>/cover-sheets.pdf", views.cover_sheets, name="cover-sheets"),
    path("<int:claim_id>/submit/", views.submit_claim, name="submit"),
    path("<int:claim_id>/submitted/", views.claim_submitted, name="submitted"),
    path("<int:claim_id>/edit/", views.edit_claim, name="edit-claim"),
    path(
        "<int:claim_id>/candidates/<str:number>/",
        views.candidate_claim,
        name="candidate-claim",
    ),
    path(
        "<int:claim_id>/candidates/<str:number>/other-awarding-body/",
        views.other_units,
        name="other-units",
    ),
    path(
        "<int:claim_id>/candidates/<str:number>/other-awarding-body/<int:claimed_unit_id>/remove/",
        views.other_unit_remove,
        name="other-unit-remove",
    ),
]
