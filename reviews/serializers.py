"""How the API shows the centre's reviews of moderation (read only)."""

from rest_framework import serializers

from .models import ItemDecision, ReviewStatus


class DecisionSerializer(serializers.Serializer):
    candidate = serializers.CharField(read_only=True, help_text="Candidate number")
    name = serializers.CharField(read_only=True)
    unit = serializers.IntegerField(read_only=True, help_text="Unit number")
    title = serializers.CharField(read_only=True)
    decided = serializers.CharField(
        read_only=True, help_text="The examiner-moderator's decision asked about, in words"
    )
    review = serializers.ChoiceField(
        choices=ItemDecision.values,
        read_only=True,
        help_text="Blank until the reviewer decides; then upheld or changed",
    )
    outcome = serializers.CharField(
        read_only=True, help_text="The reviewer's decision in words, e.g. Changed to accepted"
    )
    reason = serializers.CharField(read_only=True, help_text="The reviewer's reason, if given")


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    claim = serializers.IntegerField(source="claim_id", read_only=True, help_text="The claim's id")
    claim_number = serializers.CharField(source="claim.claim_number", read_only=True)
    qualification = serializers.CharField(source="claim.qualification.code", read_only=True)
    status = serializers.ChoiceField(
        choices=ReviewStatus.values,
        read_only=True,
        help_text="requested (waiting for a reviewer), assigned (with the reviewer), completed",
    )
    reason = serializers.CharField(read_only=True, help_text="The centre's reason")
    requested_at = serializers.DateTimeField(read_only=True)
    assigned_at = serializers.DateTimeField(read_only=True, allow_null=True)
    completed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    decisions = DecisionSerializer(many=True, read_only=True)
