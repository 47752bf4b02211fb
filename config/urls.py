from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from accounts import views as account_views

admin.site.site_header = "CertClaims administration"
admin.site.site_title = "CertClaims administration"
admin.site.index_title = "For superusers: operations work on the service's own pages"


def healthz(request: HttpRequest) -> HttpResponse:
    """A plain "ok" for load balancers and uptime checks: no template, session or database."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", account_views.home, name="home"),
    path("", include("accounts.urls")),
    path("", include("candidates.urls")),
    path("", include("certificates.urls")),
    path("claims/", include("claims.urls")),
    path("", include("results.urls")),
    path("", include("reviews.urls")),
    path("", include("moderation.urls")),
    path("", include("verification.urls")),
    path("operations/qualifications/", include("catalogue.urls")),
    path("operations/qualifications/", include("claims.operations_urls")),
    path("api/", include("api.urls")),
    path("account/api-tokens/", include("api.urls_tokens")),
    path("admin/", admin.site.urls),
]
