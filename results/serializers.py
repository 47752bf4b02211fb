"""How the API shows published results: units achieved and full awards, per candidate."""

from rest_framework import serializers


class ResultUnitSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.number", read_only=True)
    title = serializers.CharField(source="unit.title", read_only=True)
    assessed_as = serializers.CharField(read_only=True, help_text="Pass, Merit or Distinction")
    claim_number = serializers.CharField(
        read_only=True, help_text="The claim the unit was achieved by"
    )
    other_awarding_body = serializers.CharField(
        read_only=True, help_text="For a unit from another awarding body: its name"
    )
    published_at = serializers.DateTimeField(read_only=True)


class AwardSerializer(serializers.Serializer):
    grade = serializers.CharField(
        read_only=True,
        help_text="The qualification grade, e.g. Merit; blank for a qualification graded Pass only",
    )
    issued_at = serializers.DateTimeField(read_only=True)
    published_at = serializers.DateTimeField(read_only=True)


class QualificationResultsSerializer(serializers.Serializer):
    qualification = serializers.CharField(source="qualification.code", read_only=True)
    title = serializers.CharField(source="qualification.title", read_only=True)
    units = ResultUnitSerializer(many=True, read_only=True)
    award = AwardSerializer(
        read_only=True, allow_null=True, help_text="The full award, once issued and published"
    )


class CandidateResultsSerializer(serializers.Serializer):
    candidate = serializers.CharField(source="candidate.number", read_only=True)
    name = serializers.CharField(source="candidate.name", read_only=True)
    qualifications = QualificationResultsSerializer(many=True, read_only=True)


class ResultsQuerySerializer(serializers.Serializer):
    qualification = serializers.CharField(
        required=False, max_length=5, help_text="Only results for this entry code"
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=100,
        help_text="Name, part of a name or candidate number",
    )
