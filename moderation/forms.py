"""Forms of the moderation and evidence pages. They only parse input."""

from typing import Any

from django import forms

from catalogue.models import EvidenceMethod, Unit
from common.forms import date_field, reason_field

from .uploads import ACCEPTED_LABELS, MAX_UPLOAD_BYTES


class SampleForm(forms.Form):
    candidates = forms.TypedMultipleChoiceField(
        label="Candidates in the sample",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one candidate for the sample"},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidates"].choices = choices  # type: ignore[attr-defined]


class UnitOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose accept, amend the grade or withdraw"},
    )
    grade = forms.ChoiceField(label="New grade", required=False)
    reason = reason_field(
        "Reason", help_text="Needed to amend the grade or withdraw the unit", required=False
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("accept", "Accept")]
        if unit.is_graded:
            choices.append(("amend", "Amend the grade"))
            self.fields["grade"].choices = [("", "Choose a grade"), *[(g, g) for g in unit.grades]]  # type: ignore[attr-defined]
        else:
            del self.fields["grade"]
        choices.append(("withdraw", "Withdraw the unit"))
        self.fields["outcome"].choices = choices  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = reason_field()


class AssessorGradeForm(forms.Form):
    assessor_grade = forms.ChoiceField(
        label="Centre assessor and grade",
        error_messages={"required": "Choose the centre assessor and grade"},
    )
    reason = reason_field()

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessor_grade"].choices = [("", "Choose"), *choices]  # type: ignore[attr-defined]


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label="Feedback to the centre",
        help_text="On the centre's assessment and administration. The adjustments above are "
        "included in the report for you.",
        max_length=20_000,
        widget=forms.Textarea,
        error_messages={"required": "Enter the feedback"},
    )


class ArrivalForm(forms.Form):
    """The moderator's "Record arrival" for work sent by post or email: when, and whose."""

    arrived_on = date_field("Date it arrived", "date it arrived")
    candidates = forms.TypedMultipleChoiceField(
        label="Whose work arrived",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the candidates whose work arrived"},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidates"].choices = choices  # type: ignore[attr-defined]


class EvidenceSentForm(forms.Form):
    method = forms.ChoiceField(
        label="How was the work sent?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the work was sent"},
    )
    sent_on = date_field("Date sent", "date sent")

    def __init__(self, *args: Any, methods: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [  # type: ignore[attr-defined]
            (m, EvidenceMethod(m).label) for m in methods
        ]


class UploadForm(forms.Form):
    candidate = forms.TypedChoiceField(
        label="Candidate", coerce=int, required=False, empty_value=None
    )
    file = forms.FileField(
        label="Upload a file",
        help_text=f"{ACCEPTED_LABELS}, up to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
        },
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidate"].choices = [("", "Choose a candidate"), *choices]  # type: ignore[attr-defined]


class SendForm(forms.Form):
    """The confirmation "Send to OCR": nothing to fill in, only the decision."""
