"""Operations' pages of a qualification that need claims' progress: under
operations/qualifications/, beside the catalogue's own."""

from django.urls import path

from . import operations_views

app_name = "claims_operations"

urlpatterns = [
    path("<str:code>/try/", operations_views.try_the_rules, name="try-rules"),
]
