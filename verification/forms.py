"""Forms of the verification and direct claim status pages. They only parse input."""

from django import forms

from common.forms import date_field, reason_field

from .actions import MAX_TEXT
from .models import SanctionLevel

YES_NO = [("yes", "Yes"), ("no", "No")]


class VerifierReportForm(forms.Form):
    visit_date = date_field("Date of visit", "date of the visit")
    actions = forms.CharField(
        label="Actions",
        help_text="What the centre must do, and by when",
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        error_messages={"required": "Enter the actions"},
    )
    recommendations = forms.CharField(
        label="Recommendations",
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        error_messages={"required": "Enter the recommendations"},
    )
    sanction_level = forms.ChoiceField(
        label="Sanction level",
        choices=SanctionLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the sanction level"},
    )
    recommends_direct_claim_status = forms.ChoiceField(
        label="Recommend direct claim status?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no"},
    )


class DirectClaimStatusForm(forms.Form):
    reason = reason_field()
