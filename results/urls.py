from django.urls import path

from . import operations_views, views

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
]
