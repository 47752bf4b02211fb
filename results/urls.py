from django.urls import path

from . import malpractice_views, operations_views, views

app_name = "results"

urlpatterns = [
    path("results/", views.results, name="list"),
    path("results/download/", views.download_results, name="download"),
    # Operations
    path(
        "operations/claims-to-process/",
        operations_views.claims_to_process,
        name="claims-to-process",
    ),
    path(
        "operations/claims-to-process/<int:claim_id>/process/",
        operations_views.process_claim,
        name="process-claim",
    ),
    path(
        "operations/claims-to-process/process-all/",
        operations_views.process_all,
        name="process-all",
    ),
    path(
        "operations/malpractice-cases/",
        malpractice_views.malpractice_cases,
        name="malpractice-cases",
    ),
    path(
        "operations/malpractice-cases/<int:case_id>/",
        malpractice_views.malpractice_case,
        name="malpractice-case",
    ),
]
