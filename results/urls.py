from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("", views.results, name="list"),
    path("download/", views.download_results, name="download"),
]
