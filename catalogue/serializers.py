"""How the API shows qualifications and units."""

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
