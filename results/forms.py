"""The Results page's filter. Forms only parse input."""

from django import forms
from django.conf import settings
from django.db.models import QuerySet

from catalogue.models import Qualification


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
