"""Operations' catalogue forms: they parse input only; the actions decide what is allowed."""

from typing import Any

from django import forms
from django.db import models

from .models import (
    EvidenceMethod,
    GradingScheme,
    PointsPer,
    Qualification,
    QualityAssurance,
    Rule,
    RuleKind,
    Unit,
)


def _whole(label: str, what: str, *, required: bool = True, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as a whole number",
            "min_value": f"Enter the {what} as a whole number from %(limit_value)s up",
            "max_value": f"Enter the {what} as a whole number up to %(limit_value)s",
        },
        **kwargs,
    )


def _text(
    model: type[models.Model], name: str, label: str, what: str, **kwargs: Any
) -> forms.CharField:
    limit = getattr(model._meta.get_field(name), "max_length", None)
    return _unclipped(
        forms.CharField(
            label=label,
            max_length=limit,
            error_messages={
                "required": f"Enter the {what}",
                "max_length": f"The {what} must be {limit} characters or fewer",
            },
            **kwargs,
        )
    )


def _unclipped(field: forms.CharField) -> forms.CharField:
    """The limit is checked when the form is sent, with its message; the browser does not cut
    what is typed or pasted short without saying so."""
    field.widget.attrs.pop("maxlength", None)
    return field


def add_action_problems(form: forms.BaseForm, problems: list[Any]) -> None:
    """The action's own problems beside the fields the form could read, when other fields could
    not be: so one submit shows every problem."""
    for problem in problems:
        if problem.field in form.fields and problem.field not in form.errors:
            form.add_error(problem.field, problem.message)


class SearchForm(forms.Form):
    q = forms.CharField(label="Search by code or title", required=False, max_length=200, strip=True)


class QualificationForm(forms.Form):
    """A qualification's details and how its grade points are counted."""

    title = _text(Qualification, "title", "Title", "title")
    level = _whole("Level", "level", min_value=1, max_value=8)
    quality_assurance = forms.ChoiceField(
        label="Quality assurance",
        choices=QualityAssurance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the qualification is quality assured"},
    )
    evidence_methods = forms.MultipleChoiceField(
        label="Evidence methods",
        help_text="How centres may send candidates' work. Select all that apply.",
        choices=EvidenceMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select evidence methods from the list"},
    )
    allows_other_awarding_body_units = forms.BooleanField(
        label="Units from another awarding body may count", required=False
    )
    points_per = forms.ChoiceField(
        label="Grade points counted",
        help_text="For a graded qualification: whether grade points are a credit or a unit",
        choices=PointsPer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how grade points are counted"},
    )
    best_credits = _whole(
        "Credits counted for the grade",
        "credits counted for the grade",
        required=False,
        min_value=1,
        help_text="Only the best this many credits count, mandatory units first. Leave blank "
        "to count all.",
    )


class NewQualificationForm(QualificationForm):
    # The code is checked by the action (5 digits, not taken), beside the other problems.
    code = forms.CharField(
        label="Entry code",
        help_text="5 digits, for example 05203",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    field_order = ["code"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A new qualification is graded Pass only until its grading rules are loaded.
        del self.fields["points_per"]
        del self.fields["best_credits"]


class UnitForm(forms.Form):
    number = _whole("Unit number", "unit number", min_value=1, max_value=32767)
    title = _text(
        Unit, "title", "Title", "unit's title", help_text='With its level, e.g. "Email [Level 1]"'
    )
    level = _whole("Level", "level", min_value=1, max_value=8)
    credits = _whole("Credits", "credits", min_value=1, max_value=999)
    grading = forms.ChoiceField(
        label="Assessed as",
        choices=GradingScheme.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the unit is assessed"},
    )
    # The reference's form (A/123/4567) is the action's to check.
    reference = forms.CharField(
        label="Unit reference number (optional)",
        help_text="For example, A/123/4567",
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )


class RuleForm(forms.Form):
    """One rule of combination; the units are picked from the qualification's own."""

    kind = forms.ChoiceField(
        label="Kind of rule",
        choices=RuleKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of rule"},
    )
    value = _whole(
        "Value",
        "value",
        required=False,
        min_value=0,
        max_value=99999,
        help_text="The credits or units needed (for a maximum: the most that may count)",
    )
    level = _whole(
        "Level",
        "level",
        required=False,
        min_value=1,
        max_value=8,
        help_text="For minimum credits at or above a level",
    )
    units = forms.TypedMultipleChoiceField(
        label="Units",
        help_text="For mandatory units, a group or a barred combination",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select units of this qualification"},
    )
    per = forms.ChoiceField(
        label="A group's minimum counts",
        choices=[("credits", "Credits"), ("units", "Units")],
        widget=forms.RadioSelect,
        initial="credits",
        required=False,
    )
    name = _text(
        Rule,
        "name",
        "Group name (optional)",
        "group name",
        required=False,
        help_text='For a group, e.g. "Optional units"',
    )

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["units"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(u.number, f"{u.number} {u.title} ({u.credits} credits)") for u in units]


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a qualification file",
        help_text="A JSON or CSV file, as described in the guide to qualification files",
        error_messages={
            "required": "Select a qualification file",
            "empty": "The selected file is empty",
        },
    )

    @classmethod
    def fresh(cls) -> "UploadForm":
        """An empty form that can still be given a refusal to show (a stale preview)."""
        form = cls()
        form.full_clean()  # unbound: no errors yet, but room for the refusal's
        form.cleaned_data = {}
        return form

    @property
    def problems_line(self) -> str:
        """Beside the field, when the file's own lines have problems: how many, listed below."""
        count = len(self.non_field_errors())
        if not count:
            return ""
        return f"The file has {count} problem{'' if count == 1 else 's'}, listed below"


class ConfirmForm(forms.Form):
    """A button and nothing else: the page says what pressing it does, and any refusal shows in
    its error summary."""

    @classmethod
    def refusal(cls) -> "ConfirmForm":
        """An empty form to be given the refusal of a button pressed on another page."""
        form = cls()
        form.full_clean()  # unbound: no errors yet, but room for the refusal's
        form.cleaned_data = {}
        return form
