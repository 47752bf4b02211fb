"""The centre's Results page and its CSV download. Thin: parse, call a selector, render."""

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import centre_page
from catalogue.models import Qualification
from catalogue.selectors import approved_qualifications
from common import wording
from common.csv import csv_response
from common.pages import bounded_page

from . import selectors
from .forms import ResultsFilterForm

PAGE_SIZE = 25
#: The heading counts the candidates with results up to this many, then says "more than".
COUNTED_UP_TO = 1000


def _filter_form(request: HttpRequest) -> ResultsFilterForm:
    membership = request.membership  # type: ignore[attr-defined]
    return ResultsFilterForm(request.GET, qualifications=approved_qualifications(membership.centre))


def _filters(form: ResultsFilterForm) -> tuple[Qualification | None, str]:
    return form.cleaned_data.get("qualification"), form.cleaned_data.get("q") or ""


@centre_page()
def results(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    form = _filter_form(request)
    context: dict[str, Any] = {
        "form": form,
        "delay_text": wording.after_processing(settings.RESULTS_DELAY),
        "results": [],
        "page": None,
        "malpractice_cases": selectors.centre_malpractice_cases(membership=membership),
    }
    if form.is_valid():
        qualification, query = _filters(form)
        now = timezone.now()
        candidates = selectors.result_candidates(
            membership=membership, qualification=qualification, query=query, now=now
        )
        page = bounded_page(
            candidates, PAGE_SIZE, request.GET.get("page"), count_up_to=COUNTED_UP_TO
        )
        filters = {"qualification": qualification.code} if qualification else {}
        download = {**filters, "q": query} if query else filters
        context.update(
            page=page,
            counted_up_to=f"{COUNTED_UP_TO:,}",
            query=query,
            qualification=qualification,
            extra_query=f"{urlencode(filters)}&" if filters else "",
            download_url=reverse("results:download")
            + (f"?{urlencode(download)}" if download else ""),
            results=selectors.published_results(
                membership=membership,
                candidates=list(page.object_list),
                qualification=qualification,
                now=now,
            ),
        )
    return render(request, "results/results.html", context)


def csv_header() -> list[str]:
    return [
        "Candidate name",
        f"{settings.AWARDING_BODY_NAME} candidate number",
        "Qualification",
        "Result",
        "Unit no",
        "Unit",
        "Assessed as",
        "Awarding body",
        "Claim number",
        "Date published",
        "Grade",
    ]


def _csv_rows(
    sections: Iterator[tuple[Any, selectors.QualificationResults]],
) -> Iterator[list[object]]:
    for candidate, section in sections:
        code = section.qualification.code
        for row in section.units:
            yield [
                candidate.name,
                candidate.number,
                code,
                "Unit",
                row.unit.number,
                row.unit.title,
                row.assessed_as,
                row.other_awarding_body or settings.AWARDING_BODY_NAME,
                row.claim_number,
                f"{timezone.localtime(row.published_at):%d/%m/%Y}",
                "",
            ]
        if section.award is not None:
            yield [
                candidate.name,
                candidate.number,
                code,
                "Full award",
                "",
                section.qualification.title,
                "",
                settings.AWARDING_BODY_NAME,
                "",
                f"{timezone.localtime(section.award.published_at):%d/%m/%Y}",
                section.award.grade,
            ]


# centre_page is typed for HttpResponse; a streamed download is its sibling HttpResponseBase.
@centre_page()  # type: ignore[arg-type]
def download_results(request: HttpRequest) -> HttpResponseBase:
    """The "Download results as csv file" link: every published result the filters select."""
    form = _filter_form(request)
    if not form.is_valid():
        return results(request)
    membership = request.membership  # type: ignore[attr-defined]
    qualification, query = _filters(form)
    sections = selectors.published_result_rows(
        membership=membership, qualification=qualification, query=query
    )
    name = f"results-{membership.centre.number}"
    if qualification is not None:
        name += f"-{qualification.code}"
    return csv_response(f"{name}.csv", csv_header(), _csv_rows(sections))
