"""Pages of moderation, the centre's evidence and moderator reports, and operations' claims.

Thin: parse input, call a selector or an action, render. Selectors raise NotFound for anything
the user may not see, which the middleware turns into the 404 page.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from accounts.permissions import centre_page, moderator_page, operations_page
from catalogue.models import EvidenceMethod
from claims.models import Claim, ClaimStatus, UnitState
from common import wording
from common.errors import DomainError, NotFound
from common.forms import add_domain_error

from . import actions, selectors, uploads
from .forms import (
    ArrivalForm,
    AssessorGradeForm,
    EvidenceSentForm,
    FeedbackForm,
    ReasonForm,
    SampleForm,
    UnitOutcomeForm,
    UploadForm,
)
from .pdf import feedback_report_pdf
from .sampling import coverage, propose, target_size


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _claim(request: HttpRequest, claim_id: int) -> Claim:
    return selectors.get_moderated_claim(user=_user(request), claim_id=claim_id)


def _back_to_claim(claim_id: int) -> HttpResponse:
    return redirect("moderation:claim", claim_id=claim_id)


# The moderator's queue and claim


@moderator_page
def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = selectors.moderator_queue(user=user)
    history = Paginator(selectors.moderated_history(user=user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "moderation/queue.html", {"rows": rows, "history": history})


def _claim_context(claim: Claim, **extra: Any) -> dict[str, Any]:
    now = timezone.now()
    reviews = selectors.candidate_reviews(claim)
    summary = selectors.with_summary(Claim.objects.filter(pk=claim.pk)).get()
    row = selectors.claim_row(summary, now)
    grades = selectors.assessor_grades(reviews)
    sample = selectors.sample_of(claim)
    gaps = (
        coverage(
            selectors.sample_items(reviews), [r.claim_candidate.pk for r in reviews if r.in_sample]
        )
        if sample
        else None
    )
    context = {
        "claim": claim,
        "row": row,
        "reviews": reviews,
        "sample": sample,
        "gaps": gaps,
        "submissions": list(selectors.evidence_submissions(claim)),
        "outcomes": selectors.review_outcomes(claim)[:50],
        "report": selectors.feedback_report_of(claim),
        "is_open": claim.status == ClaimStatus.SUBMITTED,
        "assessor_form": extra.pop("assessor_form", None)
        or AssessorGradeForm(choices=[(g.value, g.label) for g in grades]),
        "arrival_form": ArrivalForm(initial={"arrived_on": timezone.localdate()}),
    }
    context.update(extra)
    return context


@moderator_page
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim(request, claim_id)
    return render(request, "moderation/claim.html", _claim_context(claim))


@moderator_page
@require_http_methods(["GET", "POST"])
def sample(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim(request, claim_id)
    reviews = selectors.candidate_reviews(claim)
    items = selectors.sample_items(reviews)
    existing = selectors.sample_of(claim)
    proposed = propose(items, seed=claim.claim_number or claim.pk)
    chosen = [r.claim_candidate.pk for r in reviews if r.in_sample] if existing else proposed
    choices = [
        (r.claim_candidate.pk, f"{r.candidate.name} ({r.candidate.number})") for r in reviews
    ]
    form = SampleForm(request.POST or None, choices=choices, initial={"candidates": chosen})
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_sample(
                claim_id=claim.pk,
                claim_candidate_ids=form.cleaned_data["candidates"],
                acting_user=_user(request),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"Sample of {wording.count(len(form.cleaned_data['candidates']), 'candidate')} "
                f"requested from centre {claim.centre.number}",
            )
            return _back_to_claim(claim.pk)
    by_id = {r.claim_candidate.pk: r for r in reviews}
    return render(
        request,
        "moderation/sample.html",
        {
            "claim": claim,
            "form": form,
            "existing": existing,
            "target": target_size(len(reviews)),
            "proposed": len(proposed),
            "population": len(reviews),
            "rows": [
                (
                    by_id[item.candidate_id],
                    option,
                    {
                        "assessors": sorted(item.assessors),
                        "units": sorted(item.units),
                        "grades": sorted(item.grades),
                    },
                )
                for item, option in zip(items, form["candidates"], strict=True)
            ],
            "gaps": coverage(items, chosen),
        },
    )


@moderator_page
def candidate_review(request: HttpRequest, claim_id: int, claim_candidate_id: int) -> HttpResponse:
    claim = _claim(request, claim_id)
    review = selectors.get_candidate_review(claim=claim, claim_candidate_id=claim_candidate_id)
    return render(
        request,
        "moderation/candidate.html",
        {
            "claim": claim,
            "review": review,
            "is_open": claim.status == ClaimStatus.SUBMITTED,
            "withdraw_form": ReasonForm(prefix="withdraw"),
            "malpractice_form": ReasonForm(prefix="malpractice"),
        },
    )


@moderator_page
@require_http_methods(["GET", "POST"])
def unit_review(request: HttpRequest, claim_id: int, claimed_unit_id: int) -> HttpResponse:
    claim = _claim(request, claim_id)
    unit = selectors.get_claimed_unit(claim=claim, claimed_unit_id=claimed_unit_id)
    initial: dict[str, str] = {}
    if unit.state == UnitState.ACCEPTED:
        initial = {"outcome": "accept"}
    elif unit.state == UnitState.AMENDED:
        initial = {"outcome": "amend", "grade": unit.grade, "reason": unit.outcome_reason}
    elif unit.state == UnitState.NOT_ACCEPTED:
        initial = {"outcome": "withdraw", "reason": unit.outcome_reason}
    form = UnitOutcomeForm(request.POST or None, unit=unit.unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_unit_outcome(
                claim_id=claim.pk,
                claimed_unit_id=unit.pk,
                outcome=form.cleaned_data["outcome"],
                grade=form.cleaned_data.get("grade", ""),
                reason=form.cleaned_data["reason"],
                acting_user=_user(request),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"Unit {unit.unit.number} for {unit.claim_candidate.candidate.name}: "
                f"{dict(form.fields['outcome'].choices)[form.cleaned_data['outcome']].lower()}",  # type: ignore[attr-defined]
            )
            return redirect(
                "moderation:candidate",
                claim_id=claim.pk,
                claim_candidate_id=unit.claim_candidate_id,
            )
    return render(
        request,
        "moderation/unit.html",
        {
            "claim": claim,
            "unit": unit,
            "form": form,
            "is_open": claim.status == ClaimStatus.SUBMITTED,
        },
    )


def _post_action(request: HttpRequest, success: str, call: Callable[[], Any]) -> bool:
    """Run a button's action; show its outcome as a banner on the page it returns to.

    Something not found (another centre's claim or file) stays the 404 page, never a banner
    that would confirm it exists."""
    try:
        call()
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, success)
    return True


@moderator_page
@require_POST
def accept_unit(request: HttpRequest, claim_id: int, claimed_unit_id: int) -> HttpResponse:
    claim = _claim(request, claim_id)
    unit = selectors.get_claimed_unit(claim=claim, claimed_unit_id=claimed_unit_id)
    _post_action(
        request,
        f"Unit {unit.unit.number} accepted",
        lambda: actions.record_unit_outcome(
            claim_id=claim.pk,
            claimed_unit_id=unit.pk,
            outcome=actions.Outcome.ACCEPT,
            acting_user=_user(request),
        ),
    )
    return redirect(
        "moderation:candidate", claim_id=claim.pk, claim_candidate_id=unit.claim_candidate_id
    )


@moderator_page
@require_POST
def accept_candidate(request: HttpRequest, claim_id: int, claim_candidate_id: int) -> HttpResponse:
    claim = _claim(request, claim_id)
    _post_action(
        request,
        "Every unit without an outcome accepted",
        lambda: actions.accept_candidate_units(
            claim_id=claim.pk, claim_candidate_id=claim_candidate_id, acting_user=_user(request)
        ),
    )
    return redirect(
        "moderation:candidate", claim_id=claim.pk, claim_candidate_id=claim_candidate_id
    )


def _candidate_reason_action(
    request: HttpRequest,
    claim_id: int,
    claim_candidate_id: int,
    *,
    prefix: str,
    act: Callable[..., Any],
    success: str,
) -> HttpResponse:
    claim = _claim(request, claim_id)
    review = selectors.get_candidate_review(claim=claim, claim_candidate_id=claim_candidate_id)
    form = ReasonForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            act(
                claim_id=claim.pk,
                claim_candidate_id=claim_candidate_id,
                reason=form.cleaned_data["reason"],
                acting_user=_user(request),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, success.format(name=review.candidate.name))
            return redirect(
                "moderation:candidate", claim_id=claim.pk, claim_candidate_id=claim_candidate_id
            )
    forms = {
        "withdraw_form": ReasonForm(prefix="withdraw"),
        "malpractice_form": ReasonForm(prefix="malpractice"),
    }
    forms[f"{prefix}_form"] = form
    return render(
        request,
        "moderation/candidate.html",
        {"claim": claim, "review": review, "is_open": True, "form": form, **forms},
        status=400,
    )


@moderator_page
@require_POST
def withdraw_candidate(
    request: HttpRequest, claim_id: int, claim_candidate_id: int
) -> HttpResponse:
    return _candidate_reason_action(
        request,
        claim_id,
        claim_candidate_id,
        prefix="withdraw",
        act=actions.withdraw_candidate,
        success="{name} withdrawn from the claim",
    )


@moderator_page
@require_POST
def flag_malpractice(request: HttpRequest, claim_id: int, claim_candidate_id: int) -> HttpResponse:
    return _candidate_reason_action(
        request,
        claim_id,
        claim_candidate_id,
        prefix="malpractice",
        act=actions.flag_malpractice,
        success="Malpractice flagged for {name}",
    )


@moderator_page
@require_POST
def withdraw_assessor_grade(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim(request, claim_id)
    grades = selectors.assessor_grades(selectors.candidate_reviews(claim))
    form = AssessorGradeForm(request.POST, choices=[(g.value, g.label) for g in grades])
    if form.is_valid():
        assessor_id, _, grade = form.cleaned_data["assessor_grade"].partition(":")
        try:
            count = actions.withdraw_assessor_grade(
                claim_id=claim.pk,
                assessor_id=int(assessor_id),
                grade=grade,
                reason=form.cleaned_data["reason"],
                acting_user=_user(request),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{wording.count(count, 'unit')} withdrawn")
            return _back_to_claim(claim.pk)
    return render(
        request,
        "moderation/claim.html",
        _claim_context(claim, assessor_form=form, form=form),
        status=400,
    )


@moderator_page
@require_http_methods(["GET", "POST"])
def withdraw_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim(request, claim_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.withdraw_claim(
                claim_id=claim.pk, reason=form.cleaned_data["reason"], acting_user=_user(request)
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"Claim {claim.claim_number} withdrawn. The centre has been emailed the report.",
            )
            return _back_to_claim(claim.pk)
    return render(request, "moderation/withdraw_claim.html", {"claim": claim, "form": form})


@moderator_page
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim(request, claim_id)
    report = selectors.feedback_report_of(claim)
    form = FeedbackForm(
        request.POST or None, initial={"feedback": report.feedback if report else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_feedback(
                claim_id=claim.pk,
                feedback=form.cleaned_data["feedback"],
                acting_user=_user(request),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Feedback report saved")
            return _back_to_claim(claim.pk)
    return render(
        request,
        "moderation/feedback.html",
        {
            "claim": claim,
            "form": form,
            "adjustments": selectors.adjustments(claim),
            "is_open": claim.status == ClaimStatus.SUBMITTED,
        },
    )


@moderator_page
@require_http_methods(["GET", "POST"])
def send(request: HttpRequest, claim_id: int) -> HttpResponse:
    """ "Send to OCR", after a confirmation page."""
    claim = _claim(request, claim_id)
    error = ""
    if request.method == "POST":
        try:
            sent = actions.send_to_awarding_body(claim_id=claim.pk, acting_user=_user(request))
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(
                request,
                f"Claim {sent.claim_number} sent to {settings.AWARDING_BODY_NAME} with "
                f"reference {sent.reference}",
            )
            return _back_to_claim(claim.pk)
    reviews = selectors.candidate_reviews(claim)
    counts = {state: 0 for state in ("accepted", "amended", "withdrawn", "undecided")}
    for review in reviews:
        for unit in review.units:
            if review.claim_candidate.withdrawn or unit.state == UnitState.NOT_ACCEPTED:
                counts["withdrawn"] += 1
            elif unit.state == UnitState.AMENDED:
                counts["amended"] += 1
            elif unit.state == UnitState.ACCEPTED:
                counts["accepted"] += 1
            else:
                counts["undecided"] += 1
    report = selectors.feedback_report_of(claim)
    return render(
        request,
        "moderation/send.html",
        {
            "claim": claim,
            "counts": counts,
            "has_feedback": bool(report and report.feedback.strip()),
            "error": error,
            "is_open": claim.status == ClaimStatus.SUBMITTED,
        },
        status=400 if error else 200,
    )


@moderator_page
@require_POST
def record_arrival(request: HttpRequest, claim_id: int, submission_id: int) -> HttpResponse:
    claim = _claim(request, claim_id)
    form = ArrivalForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(next(iter(form.errors.values()))[0]))
        return _back_to_claim(claim.pk)
    _post_action(
        request,
        "Arrival recorded",
        lambda: actions.record_arrival(
            claim_id=claim.pk,
            submission_id=submission_id,
            arrived_on=form.cleaned_data["arrived_on"],
            acting_user=_user(request),
        ),
    )
    return _back_to_claim(claim.pk)


# Evidence files, opened by the claim's moderator or the centre


@login_required
def evidence_file(request: HttpRequest, file_id: int) -> HttpResponseBase:
    evidence = selectors.get_evidence_file(
        user=_user(request),
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


# The centre's side: Centre information


@centre_page()
def centre_information(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    return render(
        request,
        "moderation/centre/index.html",
        {"rows": selectors.centre_claims_awaiting_work(membership=membership)},
    )


@centre_page()
@require_http_methods(["GET", "POST"])
def centre_evidence(request: HttpRequest, claim_id: int) -> HttpResponse:
    """ "Evidence for claim N": the sample asked for, and sending the work."""
    membership = request.membership  # type: ignore[attr-defined]
    claim = selectors.centre_claim(membership=membership, claim_id=claim_id)
    reviews = selectors.candidate_reviews(claim)
    methods = [m for m in claim.qualification.evidence_methods if m != EvidenceMethod.EPORTFOLIO]
    takes_uploads = EvidenceMethod.EPORTFOLIO in claim.qualification.evidence_methods
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
    user = _user(request)
    if form_name == "sent" and sent_form.is_valid():
        try:
            actions.record_evidence_sent(
                acting=membership,
                claim_id=claim.pk,
                method=sent_form.cleaned_data["method"],
                sent_on=sent_form.cleaned_data["sent_on"],
                acting_user=user,
            )
        except DomainError as error:
            add_domain_error(sent_form, error)
        else:
            messages.success(request, "Recorded how and when the work was sent")
            return redirect("moderation:centre-evidence", claim_id=claim.pk)
    if form_name == "upload" and upload_form.is_valid():
        try:
            stored = actions.upload_evidence(
                acting=membership,
                claim_id=claim.pk,
                claim_candidate_id=upload_form.cleaned_data["candidate"],
                upload=upload_form.cleaned_data["file"],
                acting_user=user,
            )
        except DomainError as error:
            add_domain_error(upload_form, error)
        else:
            messages.success(request, f"Uploaded {stored.original_name}")
            return redirect("moderation:centre-evidence", claim_id=claim.pk)
    summary = selectors.with_summary(Claim.objects.filter(pk=claim.pk)).get()
    return render(
        request,
        "moderation/centre/evidence.html",
        {
            "claim": claim,
            "row": selectors.claim_row(summary, timezone.now()),
            "sample": selectors.sample_of(claim),
            "sampled": [r for r in reviews if r.in_sample],
            "reviews": reviews,
            "files": [(r, f) for r in reviews for f in r.files],
            "submissions": list(selectors.evidence_submissions(claim)),
            "methods": methods,
            "takes_uploads": takes_uploads,
            "sent_form": sent_form,
            "upload_form": upload_form,
            "form": sent_form if form_name == "sent" else upload_form,
            "is_open": claim.status == ClaimStatus.SUBMITTED,
        },
        status=400 if form_name else 200,
    )


@centre_page()
@require_POST
def centre_evidence_remove(request: HttpRequest, claim_id: int, file_id: int) -> HttpResponse:
    _post_action(
        request,
        "File removed",
        lambda: actions.remove_evidence_file(
            acting=request.membership,  # type: ignore[attr-defined]
            claim_id=claim_id,
            file_id=file_id,
            acting_user=_user(request),
        ),
    )
    return redirect("moderation:centre-evidence", claim_id=claim_id)


@centre_page()
def centre_moderator_reports(request: HttpRequest) -> HttpResponse:
    reports = selectors.centre_feedback_reports(membership=request.membership)  # type: ignore[attr-defined]
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    return render(request, "moderation/centre/moderator_reports.html", {"page": page})


@centre_page()
def centre_moderator_report(request: HttpRequest, claim_id: int) -> HttpResponse:
    report = selectors.get_centre_feedback_report(
        membership=request.membership,  # type: ignore[attr-defined]
        claim_id=claim_id,
    )
    return render(
        request,
        "moderation/centre/moderator_report.html",
        {
            "report": report,
            "claim": report.claim,
            "adjustments": selectors.adjustments(report.claim),
        },
    )


@centre_page()
def centre_moderator_report_pdf(request: HttpRequest, claim_id: int) -> HttpResponse:
    report = selectors.get_centre_feedback_report(
        membership=request.membership,  # type: ignore[attr-defined]
        claim_id=claim_id,
    )
    pdf = feedback_report_pdf(report, selectors.adjustments(report.claim))
    claim = report.claim
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{claim.centre.number}-{claim.qualification.code}-'
        f'claim-{claim.claim_number}-report.pdf"'
    )
    return response


# Operations


@operations_page
def overdue(request: HttpRequest) -> HttpResponse:
    rows = selectors.overdue_claims(user=_user(request))
    return render(request, "moderation/operations/overdue.html", {"rows": rows})
