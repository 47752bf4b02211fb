"""Uploading a qualification file: checked as `load_qualification` checks it, previewed, and
loaded only when confirmed. The file's text waits in the session between the two steps."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import operations_page
from common.forms import form_page, run_action

from .. import actions
from ..forms import UploadForm
from ..preview import preview_words
from ._common import acting_user

SESSION_KEY = "catalogue_upload"


@operations_page
def upload(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = UploadForm(request.POST or None, request.FILES or None)

    def check(data: dict[str, Any]) -> actions.Preview:
        name = data["file"].name
        text = actions.decode(data["file"].read())
        preview = actions.preview_file(acting_user=user, text=text, name=name)
        request.session[SESSION_KEY] = {"text": text, "name": name}
        return preview

    def done(preview: actions.Preview) -> HttpResponse:
        return render(
            request,
            "catalogue/upload_preview.html",
            {"preview": preview, **preview_words(preview.outcome, preview.structure)},
        )

    return form_page(request, form, check, template="catalogue/upload.html", context={}, done=done)


@operations_page
@require_POST
def upload_confirm(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    kept = request.session.get(SESSION_KEY) or {}
    form = UploadForm.fresh()
    done = run_action(
        lambda: actions.load_file(
            acting_user=user,
            text=kept.get("text", ""),
            name=kept.get("name", ""),
            previewed=request.POST.get("digest", ""),
        ),
        form=form,
    )
    if not done:
        # A stale preview, or the file refused when checked again: the upload form, saying why.
        return render(request, "catalogue/upload.html", {"form": form}, status=done.status)
    request.session.pop(SESSION_KEY, None)
    outcome = done.value
    assert outcome is not None and outcome.qualification is not None
    code = outcome.qualification.code
    if outcome.changed:
        messages.success(request, f"Loaded {code}: {outcome.summary()}")
    else:
        messages.info(request, f"No changes: {code} already matches {kept.get('name')}")
    return redirect("catalogue:qualification", code=code)
