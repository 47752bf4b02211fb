"""How the API reads and shows centre assessors and claims. Parsing only: rules are in actions."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalogue.serializers import entry_code_field
from common.serializers import BodySerializer

from .actions import INITIALS_TOO_LONG, MAX_INITIALS, MAX_NAME, NAME_TOO_LONG
from .models import ClaimStatus, UnitState
from .outcomes import Outcome, UnitOutcome, outcome_of_unit


class CentreAssessorSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    initials = serializers.CharField(read_only=True)


class CentreAssessorCreateSerializer(BodySerializer):
    # The limits are the model's, said as the pages say them (through claims.actions).
    name = serializers.CharField(max_length=MAX_NAME, error_messages={"max_length": NAME_TOO_LONG})
    initials = serializers.CharField(
        max_length=MAX_INITIALS,
        help_text=f"1 to {MAX_INITIALS} letters",
        error_messages={"max_length": INITIALS_TOO_LONG},
    )


class ClaimCreateSerializer(BodySerializer):
    qualification = entry_code_field(help_text="The entry code, e.g. 03991")


class ClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    qualification = serializers.CharField(source="qualification.code", read_only=True)
    qualification_title = serializers.CharField(source="qualification.title", read_only=True)
    status = serializers.ChoiceField(choices=ClaimStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    claim_number = serializers.IntegerField(read_only=True, allow_null=True)
    reference = serializers.CharField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)


class ClaimHistorySerializer(ClaimSerializer):
    candidates = serializers.IntegerField(
        source="candidate_count", read_only=True, help_text="Candidates on the claim"
    )
    units = serializers.IntegerField(source="unit_count", read_only=True, help_text="Units claimed")
    accepted_units = serializers.IntegerField(
        source="accepted_count",
        read_only=True,
        help_text="Units the examiner-moderator accepted (as claimed or with an amended grade)",
    )


class ClaimHistoryQuerySerializer(serializers.Serializer):
    qualification = serializers.CharField(
        required=False, max_length=5, help_text="Only claims for this entry code"
    )
    status = serializers.ChoiceField(
        choices=ClaimStatus.choices, required=False, help_text="Only claims in this status"
    )


class ClaimedUnitSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.number", read_only=True)
    title = serializers.CharField(source="unit.title", read_only=True)
    assessor = serializers.SerializerMethodField(help_text="The centre assessor's initials")
    grade = serializers.CharField(
        read_only=True,
        help_text="The grade results publish: 'Assessed as', or the examiner-moderator's "
        "amended grade; empty if ungraded",
    )
    claimed_grade = serializers.SerializerMethodField(
        help_text="'Assessed as' as the centre claimed it; empty if ungraded"
    )
    state = serializers.ChoiceField(choices=UnitState.choices, read_only=True)
    outcome = serializers.SerializerMethodField(
        help_text="What moderation decided: to_review until it decides, then accepted, amended "
        "(grade amended), withdrawn, not_accepted, or held (a malpractice case is open)"
    )
    outcome_label = serializers.SerializerMethodField(
        help_text="The outcome in the centre's words, e.g. 'Merit (amended from Pass)', "
        "'Withdrawn: reason'; empty until moderation decides"
    )
    awarding_body = serializers.CharField(
        read_only=True, help_text="For a unit from another awarding body: its name"
    )
    code = serializers.CharField(read_only=True, help_text="C claimed, T another awarding body")
    date_claimed = serializers.DateField(read_only=True)

    def _outcome(self, claimed: Any) -> UnitOutcome:
        # The selectors load each unit with its candidate on the claim: no query per unit.
        return outcome_of_unit(claimed, held=claimed.claim_candidate.malpractice)

    def get_claimed_grade(self, claimed: Any) -> str:
        return self._outcome(claimed).claimed_grade

    @extend_schema_field(serializers.ChoiceField(choices=[o.value for o in Outcome]))
    def get_outcome(self, claimed: Any) -> str:
        return self._outcome(claimed).outcome.value

    def get_outcome_label(self, claimed: Any) -> str:
        return self._outcome(claimed).label

    def get_assessor(self, claimed: Any) -> str:
        # The view passes the centre's assessors in the context, so no query per unit.
        initials: dict[int, str] = self.context.get("assessor_initials", {})
        found = initials.get(claimed.assessor_id)
        return found if found is not None else claimed.assessor.initials

    def to_representation(self, claimed: Any) -> dict[str, Any]:
        """The fields declared above (the schema's), in their order, made directly.

        A claim of a few hundred candidates has thousands of units: going through each declared
        field for each of them was most of the API claim's time, and worked out each unit's
        outcome three times. The test suite checks this against the fields' own answer."""
        outcome = self._outcome(claimed)
        unit = claimed.unit
        claimed_on = claimed.date_claimed
        return {
            "unit": unit.number,
            "title": unit.title,
            "assessor": self.get_assessor(claimed),
            "grade": claimed.grade,
            "claimed_grade": outcome.claimed_grade,
            "state": str(claimed.state),
            "outcome": outcome.outcome.value,
            "outcome_label": outcome.label,
            "awarding_body": claimed.awarding_body,
            "code": claimed.code,
            "date_claimed": claimed_on.isoformat() if claimed_on is not None else None,
        }


class ClaimCandidateSerializer(serializers.Serializer):
    candidate = serializers.CharField(source="claim_candidate.candidate.number", read_only=True)
    name = serializers.CharField(source="claim_candidate.candidate.name", read_only=True)
    units = ClaimedUnitSerializer(many=True, read_only=True)


class ClaimDetailSerializer(ClaimSerializer):
    # A claim in progress has none yet, so the schema cannot promise an email address.
    submitter_email = serializers.CharField(
        read_only=True,
        help_text="Where to write about the claim, given when submitting; empty before",
    )
    candidates = ClaimCandidateSerializer(source="rows", many=True, read_only=True)


class UnitClaimSerializer(BodySerializer):
    unit = serializers.IntegerField(min_value=1, max_value=32767, help_text="The unit number")
    assessor = serializers.CharField(max_length=4, help_text="The centre assessor's initials")
    grade = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="'Assessed as' for graded units (e.g. Merit); empty for ungraded ones",
    )
    awarding_body = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="For a unit achieved with another awarding body: its name",
    )


class CandidateUnitsSerializer(BodySerializer):
    units = serializers.ListField(
        child=UnitClaimSerializer(),
        max_length=500,
        help_text="Every unit claimed for the candidate; units not listed are not claimed",
    )
    version = serializers.CharField(
        max_length=40,
        required=False,
        help_text="The version read earlier; if someone changed the candidate since, 409",
    )


class CandidateClaimSerializer(serializers.Serializer):
    claim = serializers.IntegerField(source="claim.pk", read_only=True)
    candidate = serializers.CharField(source="candidate.number", read_only=True)
    name = serializers.CharField(source="candidate.name", read_only=True)
    entry = serializers.CharField(
        source="entry_label", read_only=True, help_text="Full award, Unit entries or Unnamed"
    )
    version = serializers.CharField(read_only=True)
    units = ClaimedUnitSerializer(source="claimed_units", many=True, read_only=True)
    claimable_units = serializers.SerializerMethodField(
        help_text="Unit numbers that can be claimed for this candidate"
    )

    def get_claimable_units(self, current: Any) -> list[int]:
        return [row.unit.number for row in current.rows if row.claimable]


class SubmitSerializer(BodySerializer):
    submitter_email = serializers.EmailField(
        required=False,
        help_text="Where to write about this claim; your own address when left out",
    )
    declaration = serializers.BooleanField(
        default=False,
        help_text="I confirm I have printed a copy of this claim to be included with the "
        "submitted work for moderation (needed for remote moderation)",
    )
