"""How the API shows certificates: what each certifies, as printed, and its status now."""

from rest_framework import serializers

from candidates.models import candidate_limit

from .models import Certificate, CertificateKind, CertificateStatus


class CertificateUnitSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="number", read_only=True)
    title = serializers.CharField(read_only=True)
    level = serializers.IntegerField(read_only=True)
    credits = serializers.IntegerField(read_only=True)
    grade = serializers.CharField(
        read_only=True,
        help_text="The unit's grade as printed, e.g. Merit; Pass for an ungraded unit",
    )
    awarding_body = serializers.CharField(
        read_only=True, help_text="For a unit achieved with another awarding body: its name"
    )


class CertificateSerializer(serializers.Serializer):
    number = serializers.CharField(
        source="display_number",
        read_only=True,
        help_text="As printed, in groups of four; /verify/ and this API take it with or without "
        "the hyphens",
    )
    kind = serializers.ChoiceField(
        choices=CertificateKind.choices,
        read_only=True,
        help_text="award: the full award's certificate; units: a unit certificate "
        "(notification of performance) for units achieved without the full award",
    )
    status = serializers.ChoiceField(
        choices=CertificateStatus.choices,
        read_only=True,
        help_text="valid; replaced (by the certificate in replaced_by); withdrawn",
    )
    candidate = serializers.CharField(source="candidate.number", read_only=True)
    name = serializers.CharField(
        source="holder", read_only=True, help_text="The holder's name as printed"
    )
    qualification = serializers.CharField(source="qualification.code", read_only=True)
    qualification_title = serializers.CharField(source="qualification.title", read_only=True)
    grade = serializers.CharField(
        read_only=True,
        help_text="The qualification grade of a full award, e.g. Merit (Pass for a qualification "
        "graded Pass only); blank on a unit certificate",
    )
    units = CertificateUnitSerializer(
        source="unit_rows", many=True, read_only=True, help_text="The units as printed"
    )
    awarded_on = serializers.DateField(read_only=True, help_text="The date of award")
    claim_number = serializers.IntegerField(
        source="claim.claim_number",
        read_only=True,
        allow_null=True,
        help_text="The claim that led to the certificate",
    )
    replaced_by = serializers.SerializerMethodField(
        help_text="For a replaced certificate: the number of the one that replaced it"
    )

    def get_replaced_by(self, certificate: Certificate) -> str | None:
        replacement = certificate.replaced_by
        return None if replacement is None else replacement.display_number


class CertificateQuerySerializer(serializers.Serializer):
    candidate = serializers.CharField(
        required=False,
        max_length=candidate_limit("number"),
        help_text="Only this candidate's certificates (candidate number)",
    )
    qualification = serializers.CharField(
        required=False, max_length=5, help_text="Only certificates of this entry code"
    )
