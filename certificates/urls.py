from django.urls import path

from . import operations_views, verify_views, views

app_name = "certificates"

urlpatterns = [
    path("verify/", verify_views.verify, name="verify"),
    path("claims/<int:claim_id>/certificates/", views.claim_certificates, name="claim"),
    path(
        "claims/<int:claim_id>/certificates/download/",
        views.claim_certificates_pdf,
        name="claim-pdf",
    ),
    path("candidates/<str:number>/certificates/", views.candidate_certificates, name="candidate"),
    path("certificates/<str:number>/download/", views.certificate_pdf, name="pdf"),
    path("operations/certificates/", operations_views.search, name="operations-search"),
    path(
        "operations/certificates/<str:number>/",
        operations_views.certificate,
        name="operations-certificate",
    ),
    path("operations/certificates/<str:number>/replace/", operations_views.replace, name="replace"),
    path(
        "operations/certificates/<str:number>/withdraw/", operations_views.withdraw, name="withdraw"
    ),
]
