"""The rows of View claim history, rendered in Python.

A page shows 25 claims of eight cells each: through the template engine that was some 300
variable lookups, a URL reversed for every row and most of the page's time. The markup is the
same as the template gave; every value that is not a number made here is passed through
`escape`.
"""

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Claim

_CELL = '<td class="govuk-table__cell">{}</td>'
_NUMBER_CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
_EMPTY = (
    '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="8">'
    "No claims yet.</td></tr>"
)
#: Stands for the claim's id in the one View claim address reversed for the whole page.
_MARK = "987654321"


def _row(claim: Claim, address: str) -> str:
    qualification = claim.qualification
    code = escape(qualification.code)
    label = str(claim.claim_number) if claim.claim_number else "Claim in progress"
    submitted = (
        timezone.localtime(claim.submitted_at).strftime("%d/%m/%Y") if claim.submitted_at else ""
    )
    accepted = "" if claim.is_draft else str(claim.accepted_count)  # type: ignore[attr-defined]
    link = (
        f'<a class="govuk-link" href="{address.replace(_MARK, str(claim.pk))}">{label}'
        f'<span class="govuk-visually-hidden"> for {code}</span></a>'
    )
    cells = "".join(
        [
            _CELL.format(link),
            _CELL.format(escape(claim.reference or "")),
            _CELL.format(f"{code} {escape(qualification.title)}"),
            _CELL.format(submitted),
            _CELL.format(escape(claim.get_status_display())),
            _NUMBER_CELL.format(claim.candidate_count),  # type: ignore[attr-defined]
            _NUMBER_CELL.format(claim.unit_count),  # type: ignore[attr-defined]
            _NUMBER_CELL.format(accepted),
        ]
    )
    return f'<tr class="govuk-table__row">{cells}</tr>'


def history_rows_html(claims: Iterable[Claim]) -> SafeString:
    """The table body's rows: one per claim (each read with its qualification and counts by
    `claim_history_pages`), or the row saying there are none."""
    address = reverse("claims:view-claim", args=[int(_MARK)])
    html = "".join([_row(claim, address) for claim in claims]) or _EMPTY
    return mark_safe(html)  # noqa: S308 - escaped
