"""The Results page's filter, and the malpractice cases' filter and outcome. Forms only parse
input."""

from django import forms
from django.conf import settings
from django.db.models import QuerySet

from catalogue.models import Qualification
from moderation.models import MalpracticeCase


class QualificationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Qualification) -> str:
        return f"{obj.code} {obj.title}"


class ResultsFilterForm(forms.Form):
    """Filter by qualification (its entry code in the address) and candidate name or number."""

    qualification = QualificationChoiceField(
        queryset=Qualification.objects.none(),
        required=False,
        to_field_name="code",
        empty_label="All qualifications",
        label="Qualification",
        error_messages={"invalid_choice": "Select a qualification from the list"},
    )
    q = forms.CharField(required=False, max_length=100, strip=True)

    def __init__(self, *args: object, qualifications: QuerySet[Qualification], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["qualification"].queryset = qualifications  # type: ignore[attr-defined]
        self.fields[
            "q"
        ].label = f"Enter name, part name or {settings.AWARDING_BODY_NAME} candidate number"


class CaseOutcomeForm(forms.Form):
    """The outcome of a malpractice case, as operations record it."""

    outcome = forms.ChoiceField(
        label="Outcome",
        widget=forms.RadioSelect,
        choices=[
            ("not_upheld", "Not upheld: release the results"),
            ("upheld", "Upheld: the units are not accepted"),
        ],
        error_messages={"required": "Choose whether the case is upheld"},
    )
    sanction = forms.CharField(
        label="Sanction",
        help_text="Needed when the case is upheld",
        required=False,
        max_length=MalpracticeCase._meta.get_field("sanction").max_length,
        error_messages={
            "max_length": "The sanction must be "
            f"{MalpracticeCase._meta.get_field('sanction').max_length:,} characters or fewer"
        },
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MalpracticeCase._meta.get_field("notes").max_length,
        error_messages={
            "max_length": "The notes must be "
            f"{MalpracticeCase._meta.get_field('notes').max_length:,} characters or fewer"
        },
    )


class CaseFilterForm(forms.Form):
    shown = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("open", "Open cases"), ("closed", "Closed cases")],
    )
