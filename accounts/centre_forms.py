"""The operations team's forms for centres, approvals and assignments. The actions check what
is typed; these forms only carry it."""

from django import forms

from common.forms import reason_field


class FindCentreForm(forms.Form):
    q = forms.CharField(
        label="Centre number or name",
        help_text="All or the start of the centre number, or part of the name",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )


class GapsFilterForm(FindCentreForm):
    gaps = forms.BooleanField(required=False)

    def __init__(self, *args: object, gaps_label: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["gaps"].label = gaps_label


class AddCentreForm(forms.Form):
    number = forms.CharField(
        label="Centre number",
        help_text="5 digits, for example 12345",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    name = forms.CharField(label="Centre name", required=False)
    contact_email = forms.CharField(
        label="Contact email address (optional)",
        help_text="The centre's exams office, for example exams@college.ac.uk",
        required=False,
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )


class ApproveForm(forms.Form):
    qualification = forms.CharField(
        label="Qualification entry code",
        help_text="For example, 03991",
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )


class WithdrawApprovalForm(forms.Form):
    reason = reason_field()


class PersonForm(forms.Form):
    email = forms.CharField(
        label="Email address",
        required=False,
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )

    def __init__(self, *args: object, hint: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["email"].help_text = hint


class ConfirmForm(forms.Form):
    """A button and nothing else: the page says what pressing it does."""
