"""Forms of the claim-building pages. They parse input; the rules are in claims.actions."""

import re
from dataclasses import dataclass, field, replace

from django import forms
from django.conf import settings
from django.http import QueryDict

from catalogue.models import Unit
from common.errors import DomainError, DomainErrors

from .actions import (
    AWARDING_BODY_TOO_LONG,
    DECLARATION,
    INITIALS_HINT,
    MAX_AWARDING_BODY,
    MAX_INITIALS,
    MAX_NAME,
    UnitChoice,
)
from .models import CentreAssessor, ClaimedUnit, max_length
from .selectors import CandidateClaim, UnitRow

ASSESSOR_MESSAGE = "Select the centre assessor"


def assessor_label(assessor: CentreAssessor) -> str:
    return f"{assessor.name} ({assessor.initials})"


class AssessorForm(forms.Form):
    """Name and initials as typed: every check (missing, too long, not letters, initials in use)
    is the action's, so that one submit shows every problem beside its field."""

    #: The limits are the model's (through claims.actions, which says them in its messages).
    MAX_NAME = MAX_NAME
    MAX_INITIALS = MAX_INITIALS

    name = forms.CharField(
        label="Name",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    initials = forms.CharField(
        label="Initials",
        help_text=INITIALS_HINT,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class FindCandidateForm(forms.Form):
    q = forms.CharField(
        label="Enter name, part name or OCR candidate number", required=False, max_length=100
    )
    entered = forms.BooleanField(
        label="Search only candidates entered for this qualification", required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields[
            "q"
        ].label = f"Enter name, part name or {settings.AWARDING_BODY_NAME} candidate number"


class OtherAwardingBodyUnitForm(forms.Form):
    # Integer fields shown as selects: a unit that cannot be added reaches the action, which
    # says why (already achieved, already claimed), rather than "Select a valid choice".
    unit = forms.IntegerField(
        label="Unit",
        widget=forms.Select,
        error_messages={"required": "Select a unit", "invalid": "Select a unit"},
    )
    assessor = forms.IntegerField(
        label="Centre assessor",
        widget=forms.Select,
        error_messages={"required": ASSESSOR_MESSAGE, "invalid": ASSESSOR_MESSAGE},
    )
    awarding_body = forms.CharField(
        label="Awarding body",
        help_text="The name of the awarding body the unit was achieved with",
        max_length=MAX_AWARDING_BODY,
        error_messages={
            "required": "Enter the name of the awarding body",
            "max_length": AWARDING_BODY_TOO_LONG,
        },
    )

    def __init__(
        self,
        *args: object,
        units: list[Unit],
        assessors: list[CentreAssessor],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].widget.choices = [
            ("", "Select a unit"),
            *((str(u.number), f"{u.number} {u.title}") for u in units),
        ]
        assessor_choices = [(str(a.pk), assessor_label(a)) for a in assessors]
        if len(assessors) == 1:
            self.fields["assessor"].initial = assessors[0].pk
        else:
            assessor_choices.insert(0, ("", "Select a centre assessor"))
        self.fields["assessor"].widget.choices = assessor_choices


# The candidate claim page: one row of controls per unit. The names carry the unit number so
# that the whole table posts as one form; the ids are unique on the page.

MAX_GRADE = max_length(ClaimedUnit, "grade")
UNIT_FIELD = re.compile(r"^unit-([0-9]{1,4})-(claiming|assessor|grade)$")
CLAIMING = "claiming"
NOT_CLAIMING = "not-claiming"


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def unit_choices_from(data: QueryDict) -> list[UnitChoice]:
    """Every unit row the form sent, including any the page did not show (the action refuses
    those), as sent: `claiming` None where neither radio was chosen."""
    numbers = sorted(
        {int(match.group(1)) for key in data if (match := UNIT_FIELD.match(key)) is not None}
    )
    choices = []
    for number in numbers:
        claiming = data.get(f"unit-{number}-claiming")
        choices.append(
            UnitChoice(
                number=number,
                claiming={CLAIMING: True, NOT_CLAIMING: False}.get(claiming or ""),
                assessor_id=_int_or_none(data.get(f"unit-{number}-assessor")),
                grade=(data.get(f"unit-{number}-grade") or "")[:MAX_GRADE],
            )
        )
    return choices


#: The select above the table: the centre assessor of each unit claimed without its own.
ASSESSOR_FOR_CLAIMED = "assessor-for-claimed"
ASSESSOR_FOR_CLAIMED_LABEL = "Centre assessor for the units you claim"
ASSESSOR_FOR_CLAIMED_HINT = (
    "Given to each unit you choose \u2018Claiming\u2019 for without choosing its own centre"
    " assessor"
)


def _saved_choice(row: UnitRow) -> UnitChoice | None:
    claimed = row.claimed
    if claimed is None:
        return None
    return UnitChoice(row.unit.number, True, claimed.assessor_id, claimed.grade)


def resolved_choices(current: CandidateClaim, data: QueryDict) -> list[UnitChoice]:
    """The candidate's whole set of choices from what the page sent.

    A row the page did not show (with "Show only units being claimed") keeps what is saved. A
    shown row with neither radio chosen is not claimed when nothing is claimed for its unit
    (the radios start unchosen there); for a claimed unit the action asks for a choice. A
    claimed row without its own centre assessor takes the one chosen above the table."""
    for_claimed = _int_or_none(data.get(ASSESSOR_FOR_CLAIMED))
    rows = current.rows_by_number()
    choices = []
    for choice in unit_choices_from(data):
        row = rows.get(choice.number)
        if choice.claiming is None and row is not None and row.claimed is None:
            choice = replace(choice, claiming=False)
        if choice.claiming and choice.assessor_id is None:
            choice = replace(choice, assessor_id=for_claimed)
        choices.append(choice)
    sent = {choice.number for choice in choices}
    for row in current.rows:
        saved = _saved_choice(row) if row.unit.number not in sent else None
        if saved is not None:
            choices.append(saved)
    return sorted(choices, key=lambda c: c.number)


@dataclass
class Option:
    value: str
    label: str
    selected: bool


@dataclass
class RowView:
    """A unit row worked out in Python, so that the template only prints values."""

    row: UnitRow
    #: The radio chosen: True "Claiming", False "Not claiming", None neither.
    claiming: bool | None
    assessor_options: list[Option]
    grade_options: list[Option]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def number(self) -> int:
        return self.row.unit.number

    @property
    def id(self) -> str:
        return f"unit-{self.row.unit.number}"

    @property
    def described(self) -> str:
        return f"unit {self.row.unit.number} {self.row.unit.title}"


@dataclass
class GroupView:
    """A group of the units table (a level, or the qualification's own group) and its rows."""

    heading: str
    rows: list[RowView]


class UnitRowsForm:
    """The units table of a candidate's claim, with the user's choices and errors per row.

    Not a Django form (its fields are the rows'), but it takes a refusal as one does:
    `common.forms.run_action` gives it the action's error, and `refused` puts each problem of
    a row (`FieldError.row`, the unit number) beside that row.

    `only_claimed` shows only the units claimed now ("Show only units being claimed"); the
    rows not shown are not sent, and keep what is saved (`resolved_choices`)."""

    # No field of its own: every problem comes to `add_error` as the form's.
    fields: dict[str, forms.Field] = {}

    def __init__(
        self, current: CandidateClaim, data: QueryDict | None = None, *, only_claimed: bool = False
    ) -> None:
        self.current = current
        self.data = data
        self.only_claimed = only_claimed
        self.sent = unit_choices_from(data) if data is not None else []
        self.errors: dict[str, str] = {}
        self.row_errors: dict[int, dict[str, str]] = {}
        self.shown = [row for row in current.rows if not only_claimed or row.claimed is not None]
        assessors = current.assessors
        self.only_assessor = assessors[0].pk if len(assessors) == 1 else None

    @property
    def is_bound(self) -> bool:
        return self.data is not None

    def add_error(self, field: str | None, error: str) -> None:
        self.errors.setdefault("units", error)

    def refused(self, error: DomainError) -> None:
        """Show the refusal's problems again, each beside its unit's row where the page shows
        that row, the rest at the top; in the order of the rows on the page."""
        self.errors.clear()
        shown = {row.unit.number: row for row in self.shown}
        position = {number: index for index, number in enumerate(self.numbers_in_page_order())}
        problems = sorted(
            DomainErrors.of(error),
            key=lambda p: position.get(p.row, -1) if p.row is not None else -1,
        )
        for problem in problems:
            row = shown.get(problem.row) if problem.row is not None else None
            if row is None or row.achieved is not None:
                self.add_error(None, problem.message)
                continue
            number = row.unit.number
            field_name = problem.field or "claiming"
            if field_name == "grade" and not row.unit.is_graded:
                field_name = "claiming"
            self.row_errors.setdefault(number, {}).setdefault(field_name, problem.message)
            self.errors.setdefault(f"unit-{number}-{field_name}", problem.message)

    def numbers_in_page_order(self) -> list[int]:
        shown = {row.unit.number for row in self.shown}
        return [n for _, numbers in self.current.groups for n in numbers if n in shown]

    @property
    def assessor_for_claimed(self) -> list[Option]:
        """The options of the select above the table (shown with more than one assessor)."""
        chosen = _int_or_none(self.data.get(ASSESSOR_FOR_CLAIMED)) if self.data else None
        return [Option("", "Select", chosen is None)] + [
            Option(str(a.pk), assessor_label(a), a.pk == chosen) for a in self.current.assessors
        ]

    def _row(self, row: UnitRow, choice: UnitChoice | None) -> RowView:
        number = row.unit.number
        if choice is not None:
            claiming = choice.claiming
            assessor_id = choice.assessor_id
            grade = choice.grade
        else:
            claiming = True if row.claimed is not None else None
            assessor_id = row.claimed.assessor_id if row.claimed else self.only_assessor
            grade = row.claimed.grade if row.claimed else ""
        only = self.only_assessor
        assessor_options = [
            Option(str(a.pk), assessor_label(a), a.pk == assessor_id)
            for a in self.current.assessors
        ]
        if only is None or assessor_id != only:
            assessor_options.insert(0, Option("", "Select", assessor_id is None))
        grade_options = []
        if row.unit.is_graded:
            grade_options = [Option("", "Select", grade not in row.unit.grades)] + [
                Option(g, g, g == grade) for g in row.unit.grades
            ]
        return RowView(
            row=row,
            claiming=claiming,
            assessor_options=assessor_options,
            grade_options=grade_options,
            errors=self.row_errors.get(number, {}),
        )

    def rows(self) -> list[RowView]:
        """The rows shown, in number order, with the user's choices as sent."""
        sent = {choice.number: choice for choice in self.sent}
        return [self._row(row, sent.get(row.unit.number)) for row in self.shown]

    def groups(self) -> list[GroupView]:
        """The rows shown, under their groups' headings (groups with no row left out)."""
        by_number = {view.number: view for view in self.rows()}
        groups = []
        for heading, numbers in self.current.groups:
            views = [by_number[n] for n in numbers if n in by_number]
            if views:
                groups.append(GroupView(heading, views))
        return groups


class SubmitClaimForm(forms.Form):
    """Submission details on View claim: the submitter's email address for this claim, and the
    declaration that remote moderation asks for."""

    submitter_email = forms.EmailField(
        label="Your Email address",
        help_text="Changing it here changes it for this claim only, not your profile.",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    # Shown when the claim asks for it (`claims.selectors.submission_for`); whether it is
    # ticked enough is `submit_claim`'s to say.
    declaration = forms.BooleanField(label=DECLARATION, required=False)

    def __init__(self, *args: object, declaration: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not declaration:
            del self.fields["declaration"]
