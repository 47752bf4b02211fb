"""The "Try the rules" form: units picked from the qualification's own, an optional grade for
each graded unit of a graded qualification, and an optional candidate number."""

from typing import Any

from django import forms

from catalogue.models import Unit


class TryRulesForm(forms.Form):
    units = forms.TypedMultipleChoiceField(
        label="Units",
        help_text="The units the candidate achieves. Select all that apply.",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select units of this qualification"},
    )
    candidate = forms.CharField(
        label="Candidate number (optional)",
        help_text="A candidate of any centre: their achieved units count too",
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"spellcheck": "false", "inputmode": "numeric"}),
        error_messages={"max_length": "A candidate number is 12 characters or fewer"},
    )

    def __init__(self, *args: Any, units: list[Unit], graded: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["units"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(u.number, f"{u.number} {u.title} ({u.credits} credits)") for u in units]
        # Unit grades matter only to a qualification with grading rules.
        self.graded = [u for u in units if u.is_graded] if graded else []
        for unit in self.graded:
            self.fields[f"grade_{unit.number}"] = forms.ChoiceField(
                label=f"Unit {unit.number} grade",
                choices=[("", "Pass"), *[(g, g) for g in unit.grades if g != "Pass"]],
                required=False,
            )

    def grade_fields(self) -> list[forms.BoundField]:
        return [self[f"grade_{u.number}"] for u in self.graded]

    def grades(self) -> dict[int, str]:
        return {u.number: self.cleaned_data.get(f"grade_{u.number}") or "" for u in self.graded}
