"""`/verify/`: anyone checks a certificate, signed in or not."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from common.wording import count

from . import actions
from .forms import VerifyForm
from .throttling import wait_before_look_up


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST or None)
    context: dict[str, object] = {"form": form}
    if request.method != "POST":
        return render(request, "certificates/verify.html", context)
    if not form.is_valid():
        return render(request, "certificates/verify.html", context, status=400)
    wait = wait_before_look_up(request)
    if wait:
        minutes = max(1, -(-wait // 60))
        form.add_error(
            None,
            "You have checked too many certificates from this address: wait "
            f"{count(minutes, 'minute')} and try again",
        )
        response = render(request, "certificates/verify.html", context, status=429)
        response["Retry-After"] = str(wait)
        return response
    user = request.user if request.user.is_authenticated else None
    answer = actions.verify_certificate(
        number=form.cleaned_data["number"],
        surname=form.cleaned_data["surname"],
        date_of_birth=form.cleaned_data["date_of_birth"],
        acting_user=user,
    )
    return render(request, "certificates/verify_answer.html", {"answer": answer})
