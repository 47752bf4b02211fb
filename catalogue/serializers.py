"""How the API shows qualifications and units, and reads entry codes."""

from django.core.validators import RegexValidator
from rest_framework import serializers

from .models import GradingScheme, QualityAssurance


class UnitSerializer(serializers.Serializer):
    number = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    level = serializers.IntegerField(read_only=True)
    credits = serializers.IntegerField(read_only=True)
    grading = serializers.ChoiceField(choices=GradingScheme.choices, read_only=True)
    grades = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="The 'Assessed as' grades; an ungraded unit (Pass) is claimed with no grade",
    )
    reference = serializers.CharField(read_only=True)


class QualificationSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    level = serializers.IntegerField(read_only=True)
    quality_assurance = serializers.ChoiceField(choices=QualityAssurance.choices, read_only=True)
    evidence_methods = serializers.ListField(child=serializers.CharField(), read_only=True)
    allows_other_awarding_body_units = serializers.BooleanField(read_only=True)


class QualificationDetailSerializer(QualificationSerializer):
    units = UnitSerializer(many=True, read_only=True)


def entry_code_field(help_text: str) -> serializers.CharField:
    """A qualification's entry code in a request: 5 digits (the schema says so too)."""
    return serializers.CharField(
        max_length=5,
        validators=[RegexValidator(r"^[0-9]{5}$", "Enter the entry code as 5 digits")],
        help_text=help_text,
    )
