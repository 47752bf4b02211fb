"""Bulk import pages: upload a CSV file, see the dry run, import it and watch the progress."""

import csv
from pathlib import Path
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Membership, User
from accounts.permissions import centre_page
from common.csv import BYTE_ORDER_MARK, safe_row
from common.forms import form_page, run_action

from . import import_actions, importing, selectors
from .models import ImportJob

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
    membership = _membership(request)

    def check(data: dict[str, Any]) -> ImportJob:
        upload = data["file"]
        return import_actions.check_candidate_import(
            membership=membership,
            data=upload.read(),
            filename=Path(upload.name).name,
            acting_user=request.user,  # type: ignore[arg-type]
        )

    return form_page(
        request,
        UploadForm(request.POST or None, request.FILES or None),
        check,
        template="candidates/import_start.html",
        context=lambda: {
            "jobs": selectors.import_jobs(membership=membership)[:10],
            "columns": importing.COLUMNS,
            "max_rows": importing.MAX_ROWS,
        },
        done=lambda job: redirect("candidates:import-job", job_id=job.pk),
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
    job = selectors.get_import_job(membership=_membership(request), job_id=job_id)
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
            # The page's error summary: the file's errors, or an import that stopped.
            "shows_errors": not job.in_progress
            and not done
            and (job.can_try_again or job.status == job.Status.FAILED or bool(job.errors)),
            "refresh": REFRESH_SECONDS if job.in_progress else None,
        },
    )


@centre_page(admin=True)
@require_POST
def import_commit(request: HttpRequest, job_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    run_action(
        lambda: import_actions.queue_candidate_import(
            membership=_membership(request), job_id=job_id, acting_user=user
        ),
        request=request,
    )
    return redirect("candidates:import-job", job_id=job_id)


@centre_page(admin=True)
@require_POST
def import_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    """Try again: queue an import that failed because its worker kept stopping."""
    user: User = request.user  # type: ignore[assignment]
    run_action(
        lambda: import_actions.retry_candidate_import(
            membership=_membership(request), job_id=job_id, acting_user=user
        ),
        request=request,
    )
    return redirect("candidates:import-job", job_id=job_id)
