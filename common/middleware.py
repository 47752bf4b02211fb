"""Turns domain errors that escape a view, and bare refusals of a method, into the right page."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

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


class MethodNotAllowedMiddleware:
    """A 405 with no body (a POST-only address opened in the browser, from `require_POST` and
    its like) becomes the product's page saying so; the status and Allow header stay, and a 405
    that has a body of its own (the API's JSON) is left as it is."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not isinstance(response, HttpResponseNotAllowed) or response.content:
            return response
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = ""
        page = render(request, "405.html", {"back": back}, status=405)
        page["Allow"] = response["Allow"]
        return page
