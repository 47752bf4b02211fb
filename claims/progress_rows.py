"""The rows of View claim's "Progress to the full award" table, rendered once per kind of row.

A claim can hold 1,000 candidates; through the template engine their progress rows alone took
about a second. Most candidates on a claim share their progress (the same units achieved and
claimed, the same answer from the rules), so each different progress is rendered once, escaped
here, and joined with each candidate's name and number.
"""

from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from .contents import ClaimContents
from .progress import Progress


@lru_cache(maxsize=8192)
def _line(sentence: str) -> str:
    """A sentence of the progress column, escaped: many candidates share their sentences (the
    same barred combination held, the same credits short), so each is escaped once."""
    return f"<br>{escape(capfirst(sentence))}"


def _outcome(progress: Progress) -> SafeString:
    if progress.completes_award:
        status = mark_safe(
            '<strong class="govuk-tag govuk-tag--green">'
            "This claim completes the full award</strong>"
        )
    elif progress.already_awarded:
        status = mark_safe(
            '<strong class="govuk-tag govuk-tag--blue">Full award already issued</strong>'
        )
    elif progress.met:
        status = mark_safe("Rules of combination met")
    else:
        status = mark_safe("Not yet met")
    sentences = "".join([_line(s) for s in progress.sentences])
    if progress.on_course:
        # A graded qualification: the grade on course for, then what would raise it.
        sentences += "".join([_line(s) for s in (progress.on_course, *progress.raises)])
    return mark_safe(  # noqa: S308 - every value is escaped, the status is fixed markup
        f'<td class="govuk-table__cell">{escape(progress.achieved_label)}</td>'
        f'<td class="govuk-table__cell">{escape(progress.claimed_now_label)}</td>'
        f'<td class="govuk-table__cell">{status}{sentences}</td>'
    )


def progress_rows(contents: ClaimContents, progress: dict[int, Progress]) -> SafeString:
    """One `<tr>` per candidate on the claim, in grid order, joined ("" for no candidates)."""
    # Each unit object stands for its number, awarding body and grade (`progress_for_claim`
    # shares them), so the same units give the same cells, grade and all.
    rendered: dict[tuple[tuple[int, ...], tuple[int, ...], bool, bool], SafeString] = {}
    rows = []
    for on_claim in contents:
        found = progress[on_claim.claim_candidate_id]
        # The units (shared objects within one claim's progress) decide everything else shown.
        key = (
            tuple(map(id, found.achieved)),
            tuple(map(id, found.claimed_now)),
            found.completes_award,
            found.already_awarded,
        )
        cells = rendered.get(key)
        if cells is None:
            cells = rendered[key] = _outcome(found)
        rows.append(
            mark_safe(  # noqa: S308 - the name and number are escaped, the cells are built safe
                '<tr class="govuk-table__row"><td class="govuk-table__cell">'
                f"{escape(on_claim.name)} "
                f'<span class="govuk-hint govuk-!-font-size-16">{escape(on_claim.number)}</span>'
                f"</td>{cells}</tr>"
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - each row is built safe above
