from django.urls import path

from . import views, views_import

app_name = "candidates"

urlpatterns = [
    path("candidates/", views.candidate_list, name="list"),
    path("candidates/add/", views.candidate_add, name="add"),
    path("candidates/import/", views_import.import_start, name="import"),
    path("candidates/import/template.csv", views_import.import_template, name="import-template"),
    path("candidates/import/<int:job_id>/", views_import.import_job, name="import-job"),
    path("candidates/import/<int:job_id>/start/", views_import.import_commit, name="import-commit"),
    path("candidates/import/<int:job_id>/again/", views_import.import_retry, name="import-retry"),
    path("candidates/<str:number>/", views.candidate_detail, name="detail"),
    path("candidates/<str:number>/edit/", views.candidate_edit, name="edit"),
    path("candidates/<str:number>/entries/add/", views.entry_add, name="entry-add"),
    path("entries/", views.entries, name="entries"),
    path("entries/unnamed/buy/", views.buy_unnamed, name="buy-unnamed"),
]
