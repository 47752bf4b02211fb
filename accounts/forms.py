from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .models import Role


class SignInForm(AuthenticationForm):
    """Email and password. A failure never says whether the account exists."""

    username = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "Enter a correct email address and password",
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class ChooseCentreForm(forms.Form):
    centre = forms.TypedChoiceField(
        label="Which centre are you working for?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a centre"},
    )

    def __init__(self, *args: object, centres: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["centre"].choices = centres  # type: ignore[attr-defined]


class AddCentreUserForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter the person's full name"},
    )
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label="Verification code",
        help_text="The 6-digit code from your authenticator app",
        max_length=6,
        min_length=6,
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "min_length": "Enter the code as 6 digits",
            "max_length": "Enter the code as 6 digits",
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip()
        if not (code.isascii() and code.isdigit()):
            raise forms.ValidationError("Enter the code as 6 digits")
        return code


class SignInCodeForm(forms.Form):
    """The second factor at sign-in: a code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label="Verification code",
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes",
        max_length=40,
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app, or a recovery code",
            "max_length": "Enter the 6-digit code from your authenticator app, or a recovery code",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )


class RecoveryCodesSavedForm(forms.Form):
    saved = forms.BooleanField(
        label="I have saved my recovery codes somewhere safe",
        error_messages={
            "required": "Confirm that you have saved your recovery codes: they will not be shown "
            "again"
        },
    )


class InvitationResponseForm(forms.Form):
    """Which button the invitee pressed."""

    decision = forms.ChoiceField(
        choices=[("accept", "Accept invitation"), ("decline", "Decline invitation")],
        error_messages={
            "required": "Choose whether to accept or decline the invitation",
            "invalid_choice": "Choose whether to accept or decline the invitation",
        },
    )


class FindUserForm(forms.Form):
    q = forms.CharField(
        label="Email address",
        help_text="All or part of the person's email address",
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )


class ResetTwoFactorForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        help_text="For example, how you checked that the request came from this person",
        max_length=500,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the reason for resetting two-factor authentication",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )
