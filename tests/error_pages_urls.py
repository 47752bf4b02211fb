"""The product's URLs and two that fail, so tests can see the pages a server error and a bad
request answer with."""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault of the server")


def refuses(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a request the server cannot use")


urlpatterns = [
    path("test-errors/server-error/", fails),
    path("test-errors/bad-request/", refuses),
    *product_urlpatterns,
]
