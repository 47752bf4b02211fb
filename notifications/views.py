"""The outbox: every email the product sent to the signed-in person, newest first."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    membership = request.membership  # type: ignore[attr-defined]
    messages = selectors.outbox_for(user=user, membership=membership)  # type: ignore[arg-type]
    page = Paginator(messages, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/outbox.html",
        {"page": page, "addresses": selectors.addresses_for(user, membership)},  # type: ignore[arg-type]
    )


@login_required
def message(request: HttpRequest, message_id: int) -> HttpResponse:
    found = selectors.get_message(
        user=request.user,  # type: ignore[arg-type]
        membership=request.membership,  # type: ignore[attr-defined]
        message_id=message_id,
    )
    return render(request, "notifications/message.html", {"message": found})
