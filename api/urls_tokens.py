"""The API tokens pages, beside the other account pages (/account/api-tokens/)."""

from django.urls import path

from . import views_tokens

app_name = "api-tokens"

urlpatterns = [
    path("", views_tokens.token_list, name="list"),
    path("new/", views_tokens.token_create, name="create"),
    path("<int:token_id>/revoke/", views_tokens.token_revoke, name="revoke"),
]
