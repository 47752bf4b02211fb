"""The rows of the candidate claim page's units table, rendered in Python.

A full award lists every unit of the qualification (81 for the ITQ), each with an assessor
select, two radios and a grade select: through the template engine that was about 2,700 lookups
and two thirds of the page's time. The markup is the same as the template gave; every value
that is not a number made here is passed through `escape`.
"""

from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .forms import GroupView, Option, RowView

_CELL = '<td class="govuk-table__cell">{}</td>'
_EMPTY_CELL = '<td class="govuk-table__cell"></td>'
_NUMBER_CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'


class _Escaped(dict[str, str]):
    """Escaped text, each different string escaped once (option labels repeat on every row)."""

    def __missing__(self, text: str) -> str:
        value = self[text] = str(escape(text))
        return value


def _options(options: list[Option], text: _Escaped) -> str:
    return "".join(
        [
            f'<option value="{text[o.value]}"{" selected" if o.selected else ""}>'
            f"{text[o.label]}</option>"
            for o in options
        ]
    )


def _error(row_id: str, name: str, message: str | None) -> str:
    if not message:
        return ""
    return (
        f'<p class="govuk-error-message" id="{row_id}-{name}-error">'
        f'<span class="govuk-visually-hidden">Error:</span> {escape(message)}</p>'
    )


def _described_by(row_id: str, name: str, message: str | None) -> str:
    return f' aria-describedby="{row_id}-{name}-error"' if message else ""


def _select(
    r: RowView, name: str, label: str, options: list[Option], described: str, text: _Escaped
) -> str:
    message = r.errors.get(name)
    return (
        '<div class="govuk-form-group govuk-!-margin-bottom-0'
        f'{" govuk-form-group--error" if message else ""}">'
        f'<label class="govuk-label govuk-visually-hidden" for="{r.id}-{name}">'
        f"{label} {described}</label>"
        f"{_error(r.id, name, message)}"
        f'<select class="govuk-select{" govuk-select--error" if message else ""}" '
        f'id="{r.id}-{name}" name="{r.id}-{name}"{_described_by(r.id, name, message)}>'
        f"{_options(options, text)}</select></div>"
    )


def _radio(r: RowView, value: str, label: str, checked: bool, described: str, extra: str) -> str:
    # Neither radio is chosen for a unit with nothing claimed: Tab stops on "Claiming" and
    # Space claims it.
    return (
        '<div class="govuk-radios govuk-radios--small" data-module="govuk-radios">'
        '<div class="govuk-radios__item">'
        f'<input class="govuk-radios__input" id="{r.id}-{value}" name="{r.id}-claiming" '
        f'type="radio" value="{value}"{" checked" if checked else ""}{extra}>'
        f'<label class="govuk-label govuk-radios__label" for="{r.id}-{value}">'
        f'<span class="govuk-visually-hidden">{label} {described}</span></label>'
        "</div></div>"
    )


def _editable_cells(r: RowView, described: str, text: _Escaped) -> str:
    claiming_error = r.errors.get("claiming")
    claiming = (
        '<div class="govuk-form-group govuk-!-margin-bottom-0'
        f'{" govuk-form-group--error" if claiming_error else ""}">'
        f"{_error(r.id, 'claiming', claiming_error)}"
        + _radio(
            r,
            "claiming",
            "Claiming",
            r.claiming is True,
            described,
            _described_by(r.id, "claiming", claiming_error),
        )
        + "</div>"
    )
    not_claiming = _radio(r, "not-claiming", "Not claiming", r.claiming is False, described, "")
    grade = (
        _select(r, "grade", "Assessed as, for", r.grade_options, described, text)
        if r.grade_options
        else ""
    )
    assessor = _select(r, "assessor", "Centre assessor for", r.assessor_options, described, text)
    return (_CELL * 4).format(assessor, claiming, not_claiming, grade)


def _readonly_cells(r: RowView, text: _Escaped) -> str:
    claimed = r.row.claimed
    if claimed is None:
        return _EMPTY_CELL * 4
    assessor = f"{text[claimed.assessor.name]} ({text[claimed.assessor.initials]})"
    return (_CELL * 4).format(assessor, "Claiming", "", text[claimed.grade])


def _row(r: RowView, readonly: bool, text: _Escaped) -> str:
    unit = r.row.unit
    described = escape(r.described)
    if r.row.achieved is not None:
        cells = _EMPTY_CELL * 3 + _CELL.format(text[r.row.achieved.grade])
    elif readonly:
        cells = _readonly_cells(r, text)
    else:
        cells = _editable_cells(r, described, text)
    return (
        f'<tr class="govuk-table__row" id="{r.id}">'
        f"{_CELL.format(unit.number)}{_CELL.format(escape(unit.title))}"
        f"{_NUMBER_CELL.format(unit.level)}{_NUMBER_CELL.format(unit.credits)}{cells}"
        f"{_CELL.format(text[r.row.state_label])}</tr>"
    )


#: The table's columns: Unit no, Unit, Level, Credits, Centre assessor, Claiming, Not claiming,
#: Assessed as, State.
COLUMNS = 9


def _group(group: GroupView, index: int, readonly: bool, text: _Escaped) -> str:
    heading = ""
    if group.heading:
        heading = (
            '<tr class="govuk-table__row app-units-group">'
            f'<th scope="colgroup" colspan="{COLUMNS}" class="govuk-table__header" '
            f'id="group-{index}">{text[group.heading]}</th></tr>'
        )
    rows = "".join([_row(r, readonly, text) for r in group.rows])
    return f'<tbody class="govuk-table__body">{heading}{rows}</tbody>'


def unit_groups_html(groups: Iterable[GroupView], *, readonly: bool) -> SafeString:
    """The table's bodies, one per group under its heading row: achieved units and read-only
    claims show values, the others the inputs."""
    text = _Escaped()
    html = "".join([_group(g, i, readonly, text) for i, g in enumerate(groups, start=1)])
    return mark_safe(html)  # noqa: S308 - escaped
