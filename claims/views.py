"""Certification claim pages of a centre. Thin: parse, call a selector or action, render."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import centre_page

from . import selectors


@centre_page()
def make_claim(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    rows = selectors.make_claim_rows(membership=request.membership, query=query)  # type: ignore[attr-defined]
    return render(request, "claims/make_claim.html", {"rows": rows, "query": query})
