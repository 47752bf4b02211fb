"""Bulk import pages: upload a CSV file, see the dry run, import it and watch the progress."""

import csv
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Membership, User
from accounts.permissions import centre_page
from common.csv import BYTE_ORDER_MARK, safe_row
from common.errors import DomainError
from common.forms import add_domain_error

from . import import_actions, importing

ROWS_PER_PAGE = 200
REFRESH_SECONDS = 2


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text=f"UTF-8 CSV, at most {importing.MAX_ROWS:,} rows and "
        f"{importing.MAX_BYTES // (1024 * 1024)} MB",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in {".csv", ".txt"}:
            raise forms.ValidationError("The selected file must be a CSV file (.csv)")
        if upload.size and upload.size > importing.MAX_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than "
                f"{importing.MAX_BYTES // (1024 * 1024)} MB: split it into smaller files"
            )
        return upload


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


@centre_page(admin=True)
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = import_actions.check_candidate_import(
                acting=_membership(request),
                data=upload.read(),
                filename=Path(upload.name).name,
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("candidates:import-job", job_id=job.pk)
    jobs = importing.import_jobs(membership=_membership(request))[:10]
    return render(
        request,
        "candidates/import_start.html",
        {"form": form, "jobs": jobs, "columns": importing.COLUMNS, "max_rows": importing.MAX_ROWS},
    )


@centre_page(admin=True)
def import_template(request: HttpRequest) -> HttpResponse:
    """The column names and example rows, as a file to fill in."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="candidates-import-template.csv"'
    response.write(BYTE_ORDER_MARK)
    writer = csv.writer(response)
    writer.writerow(safe_row(importing.COLUMNS))
    writer.writerows(safe_row(row) for row in importing.template_rows())
    return response


@centre_page(admin=True)
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = importing.get_import_job(membership=_membership(request), job_id=job_id)
    errors = Paginator(job.errors, ROWS_PER_PAGE).get_page(request.GET.get("errors_page"))
    outcomes = Paginator(job.outcomes, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    done = job.status == job.Status.DONE
    outcome_rows = [
        (row, number, importing.outcome_done(outcome) if done else outcome, code)
        for row, number, outcome, code in outcomes
    ]
    return render(
        request,
        "candidates/import_job.html",
        {
            "job": job,
            "errors_page": errors,
            "outcomes_page": outcomes,
            "outcome_rows": outcome_rows,
            "finishing": job.stage == importing.FINISHING,
            "refresh": REFRESH_SECONDS if job.in_progress else None,
        },
    )


@centre_page(admin=True)
@require_POST
def import_commit(request: HttpRequest, job_id: int) -> HttpResponse:
    membership = _membership(request)
    job = importing.get_import_job(membership=membership, job_id=job_id)
    user: User = request.user  # type: ignore[assignment]
    try:
        import_actions.queue_candidate_import(acting=membership, job=job, acting_user=user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("candidates:import-job", job_id=job.pk)


@centre_page(admin=True)
@require_POST
def import_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    """Try again: queue an import that failed because its worker kept stopping."""
    membership = _membership(request)
    job = importing.get_import_job(membership=membership, job_id=job_id)
    user: User = request.user  # type: ignore[assignment]
    try:
        import_actions.retry_candidate_import(acting=membership, job=job, acting_user=user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("candidates:import-job", job_id=job.pk)
