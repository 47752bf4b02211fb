"""The form of the API tokens page. It parses input; the rules are in api.actions."""

from django import forms

from .models import name_limit


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        help_text="What the token is for, for example 'College MIS'",
        max_length=name_limit(),
        error_messages={
            "required": "Enter a name for the token",
            "max_length": f"Name must be {name_limit()} characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    expires_on = forms.DateField(
        label="Expiry date (optional)",
        help_text="The last day the token works, for example 31/07/2027. Leave empty for no "
        "expiry date.",
        required=False,
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(format="%d/%m/%Y"),
        error_messages={"invalid": "Enter the expiry date as day/month/year, like 31/07/2027"},
    )
