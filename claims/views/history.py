"""View claim history (the centre's claims), and a claim's History (every recorded change)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Membership
from accounts.permissions import centre_page
from accounts.role_needed import claims_role_needed
from audit.changes import readable_changes
from common.replica import reads_from_replica

from .. import history_log, selectors
from ..history_rows import history_rows_html
from .access import membership_of, user_of

HISTORY_PAGE_SIZE = 25


@login_required
def claim_history_log(request: HttpRequest, claim_id: int) -> HttpResponse:
    """The claim's History: every recorded change, for its centre and its examiner-moderator."""
    membership: Membership | None = request.membership  # type: ignore[attr-defined]
    history = history_log.claim_history(
        user=user_of(request), membership=membership, claim_id=claim_id
    )
    if history is None:
        # Someone at a centre without a claims role: say which roles open it.
        assert membership is not None
        return claims_role_needed(request, membership)
    page = Paginator(history.events, 25).get_page(request.GET.get("page"))
    rows = [(event, readable_changes(event.changes)) for event in page]
    return render(
        request,
        "claims/history_log.html",
        {"claim": history.claim, "page": page, "rows": rows, "as_moderator": history.as_moderator},
    )


@centre_page()
@reads_from_replica
def claim_history(request: HttpRequest) -> HttpResponse:
    """View claim history: newest first, filtered by qualification, sorted by any column."""
    membership = membership_of(request)
    qualifications = list(selectors.history_qualifications(membership=membership))
    code = request.GET.get("qualification", "")
    if code not in {q.code for q in qualifications}:
        code = ""
    sort = request.GET.get("sort", "")
    if sort not in {column.key for column in selectors.HISTORY_COLUMNS}:
        sort = ""
    descending = request.GET.get("dir", "desc" if not sort else "asc") != "asc"
    claims = selectors.claim_history_pages(
        membership=membership, qualification_code=code, sort=sort, descending=descending
    )
    page = Paginator(claims, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    filter_query = f"qualification={code}&" if code else ""
    columns = []
    for column in selectors.HISTORY_COLUMNS:
        active = column.key == (sort or "submitted")
        # A heading sorts ascending first; clicking the sorted heading again reverses it.
        next_dir = "asc" if not active or descending else "desc"
        columns.append(
            {
                "column": column,
                "aria_sort": ("descending" if descending else "ascending") if active else "",
                "href": f"?{filter_query}sort={column.key}&dir={next_dir}",
            }
        )
    return render(
        request,
        "claims/history.html",
        {
            "page": page,
            "rows_html": history_rows_html(page),
            "columns": columns,
            "qualifications": qualifications,
            "code": code,
            "extra_query": filter_query
            + (f"sort={sort}&dir={'desc' if descending else 'asc'}&" if sort else ""),
        },
    )
