"""Turns domain errors that escape a view into the right page."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import NotFound, PermissionRefused


class DomainErrorMiddleware:
    """NotFound becomes the 404 page; PermissionRefused the 403 page with its reason."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            raise Http404(exception.message)
        if isinstance(exception, PermissionRefused):
            return render(request, "403.html", {"reason": exception.message}, status=403)
        return None
