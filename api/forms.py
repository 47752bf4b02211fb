"""The form of the API tokens page. It parses input; the rules are in api.actions."""

from django import forms


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        help_text="What the token is for, for example 'College MIS'",
        max_length=100,
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "Name must be 100 characters or fewer",
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
