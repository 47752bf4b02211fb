"""The forms of reviews of moderation. They parse input only: what may be asked about, who may
review and what may change are the actions' to decide."""

from typing import Any

from django import forms

from catalogue.models import Unit
from common.reasons import MAX_REASON


class _AnyChoice(forms.MultipleChoiceField):
    """Checkboxes whose values are ids: one not offered reaches the action, which refuses it
    beside the field (a unit of another claim, one the review cannot look at)."""

    def valid_value(self, value: Any) -> bool:
        return True

    def clean(self, value: Any) -> list[int]:
        values = super().clean(value)
        try:
            return [int(v) for v in values]
        except (TypeError, ValueError):
            raise forms.ValidationError("Choose from the list", code="invalid") from None


class RequestForm(forms.Form):
    """Ask for a review: candidates (every unit of theirs), units, and the reason."""

    candidates = _AnyChoice(
        label="Candidates",
        required=False,
        help_text="Every unit of a candidate you choose is reviewed",
        widget=forms.CheckboxSelectMultiple,
    )
    claimed_units = _AnyChoice(
        label="Units the examiner-moderator changed",
        required=False,
        help_text="Or choose single units the examiner-moderator amended or withdrew",
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label="Reason for the review",
        help_text="Say which decisions you disagree with and why",
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea,
        error_messages={"max_length": f"The reason must be {MAX_REASON} characters or fewer"},
    )

    def __init__(
        self,
        *args: Any,
        candidates: list[tuple[int, str]],
        units: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidates"].choices = candidates  # type: ignore[attr-defined]
        if units:
            self.fields["claimed_units"].choices = units  # type: ignore[attr-defined]
        else:
            del self.fields["claimed_units"]


class AssignForm(forms.Form):
    """Operations choose the reviewer from the examiner-moderators offered."""

    reviewer = forms.TypedChoiceField(
        label="Reviewer",
        help_text="An examiner-moderator other than the one who moderated the claim",
        coerce=int,
        error_messages={"required": "Choose the reviewer", "invalid_choice": "Choose the reviewer"},
    )

    def __init__(self, *args: Any, reviewers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewer"]
        field.choices = [("", "Choose an examiner-moderator"), *reviewers]  # type: ignore[attr-defined]
        # Any examiner-moderator's id reaches the action, which says why one may not review.
        field.valid_value = lambda value: True  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    """The reviewer's decision on one decision asked about."""

    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose uphold, accept, amend the grade or withdraw"},
    )
    grade = forms.ChoiceField(label="New grade", required=False)
    reason = forms.CharField(
        label="Reason",
        help_text="Needed to amend the grade or withdraw the unit",
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea,
        error_messages={"max_length": f"The reason must be {MAX_REASON} characters or fewer"},
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("uphold", "Uphold the decision"), ("accept", "Accept the unit")]
        if unit.is_graded:
            choices.append(("amend", "Amend the grade"))
            self.fields["grade"].choices = [("", "Choose a grade"), *[(g, g) for g in unit.grades]]  # type: ignore[attr-defined]
        else:
            del self.fields["grade"]
        choices.append(("withdraw", "Withdraw the unit"))
        self.fields["decision"].choices = choices  # type: ignore[attr-defined]
