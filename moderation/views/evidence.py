"""The candidates' work: its arrival recorded by the moderator, its files opened by the claim's
moderator or the centre, and the centre's "Evidence for claim N" page."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import centre_page, moderator_page
from common.errors import NotFound
from common.forms import Done, form_page, form_status, run_action

from .. import actions, selectors, uploads
from ..forms import EvidenceSentForm, UploadForm
from .base import back_to_claim, claim_context, moderated_claim, new_arrival_form, user_of


@moderator_page
@require_POST
def record_arrival(request: HttpRequest, claim_id: int, submission_id: int) -> HttpResponse:
    claim = moderated_claim(request, claim_id)
    form = new_arrival_form(selectors.candidate_reviews(claim), submission_id, request.POST)

    def recorded(_: Any) -> HttpResponse:
        messages.success(request, "Arrival recorded")
        return back_to_claim(claim.pk)

    return form_page(
        request,
        form,
        lambda data: actions.record_arrival(
            claim_id=claim.pk,
            submission_id=submission_id,
            arrived_on=data["arrived_on"],
            claim_candidate_ids=data["candidates"],
            acting_user=user_of(request),
        ),
        template="moderation/claim.html",
        context=lambda: claim_context(claim, arrival_form=form, arrival_for=submission_id),
        done=recorded,
    )


@login_required
def evidence_file(request: HttpRequest, file_id: int) -> HttpResponseBase:
    evidence = selectors.get_evidence_file(
        user=user_of(request),
        membership=request.membership,  # type: ignore[attr-defined]
        file_id=file_id,
    )
    file_type = next(
        (t for t in uploads.ACCEPTED if t.content_type == evidence.content_type), uploads.ZIP
    )
    try:
        stream = default_storage.open(evidence.file.name or "", "rb")
    except FileNotFoundError:
        raise NotFound("File not found") from None
    response = FileResponse(
        stream,
        content_type=evidence.content_type,
        as_attachment=not file_type.inline,
        filename=evidence.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Uploaded content, shown as its own page: sandboxed, it runs nothing and reaches nothing.
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@centre_page()
@require_http_methods(["GET", "POST"])
def centre_evidence(request: HttpRequest, claim_id: int) -> HttpResponse:
    """ "Evidence for claim N": the sample asked for, and sending or uploading the work.

    Two forms on one page: the POST's `form` names the one sent."""
    membership = request.membership  # type: ignore[attr-defined]
    claim = selectors.centre_claim(membership=membership, claim_id=claim_id)
    reviews = selectors.candidate_reviews(claim)
    methods = selectors.sending_methods(claim)
    sample = selectors.sample_of(claim)
    # Candidates in the sample first: theirs is the work the moderator asked for.
    choices = [
        (
            r.claim_candidate.pk,
            f"{r.candidate.name} ({r.candidate.number})"
            + (", in the sample" if r.in_sample else ""),
        )
        for r in sorted(reviews, key=lambda r: not r.in_sample)
    ]
    form_name = request.POST.get("form") if request.method == "POST" else None
    sent_form = EvidenceSentForm(
        request.POST if form_name == "sent" else None,
        methods=methods,
        initial={"sent_on": timezone.localdate()},
    )
    upload_form = UploadForm(
        request.POST if form_name == "upload" else None,
        request.FILES if form_name == "upload" else None,
        choices=choices,
    )
    user = user_of(request)
    done: Done[Any] | None = None
    if form_name == "sent" and sent_form.is_valid():
        done = run_action(
            lambda: actions.record_evidence_sent(
                membership=membership,
                claim_id=claim.pk,
                method=sent_form.cleaned_data["method"],
                sent_on=sent_form.cleaned_data["sent_on"],
                acting_user=user,
            ),
            form=sent_form,
        )
        if done:
            messages.success(request, "Recorded how and when the work was sent")
    elif form_name == "upload" and upload_form.is_valid():
        done = run_action(
            lambda: actions.upload_evidence(
                membership=membership,
                claim_id=claim.pk,
                claim_candidate_id=upload_form.cleaned_data["candidate"],
                upload=upload_form.cleaned_data["file"],
                acting_user=user,
            ),
            form=upload_form,
        )
        if done.value is not None:
            messages.success(request, f"Uploaded {done.value.original_name}")
    if done:
        return redirect("moderation:centre-evidence", claim_id=claim.pk)
    form = sent_form if form_name == "sent" else upload_form
    return render(
        request,
        "moderation/centre/evidence.html",
        {
            "claim": claim,
            "row": selectors.summary_row(claim),
            "sample": sample,
            "asked": [r for r in reviews if r.in_sample] if sample else reviews,
            "reviews": reviews,
            "files": [(r, f) for r in reviews for f in r.files],
            "submissions": list(selectors.evidence_submissions(claim)),
            "methods": methods,
            "takes_uploads": selectors.takes_uploads(claim),
            "sent_form": sent_form,
            "upload_form": upload_form,
            "form": form,
            "is_open": selectors.under_review(claim),
        },
        status=form_status(form, done) if form_name else 200,
    )


@centre_page()
@require_POST
def centre_evidence_remove(request: HttpRequest, claim_id: int, file_id: int) -> HttpResponse:
    if run_action(
        lambda: actions.remove_evidence_file(
            membership=request.membership,  # type: ignore[attr-defined]
            claim_id=claim_id,
            file_id=file_id,
            acting_user=user_of(request),
        ),
        request=request,
    ):
        messages.success(request, "File removed")
    return redirect("moderation:centre-evidence", claim_id=claim_id)
