"""Certificates: what was printed for a candidate, under a number anyone can verify."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import CLAIM_ROLES, Membership

from . import numbers


class CertificateKind(models.TextChoices):
    AWARD = "award", "Certificate"
    UNITS = "units", "Unit certificate (notification of performance)"


class CertificateStatus(models.TextChoices):
    VALID = "valid", "Valid"
    REPLACED = "replaced", "Replaced"
    WITHDRAWN = "withdrawn", "Withdrawn"


class CertificateQuerySet(models.QuerySet["Certificate"]):
    """Who may reach a certificate, defined once.

    - `published(now)`: certificates whose results are published; before that nobody outside
      the awarding body sees them, and `/verify/` does not find them.
    - `for_centre(membership)`: the published certificates of the membership's centre, for the
      certification claims roles; nothing for anyone else.
    """

    def published(self, now: datetime | None = None) -> "CertificateQuerySet":
        return self.filter(published_at__lte=now or timezone.now())

    def for_centre(self, membership: Membership | None) -> "CertificateQuerySet":
        if membership is None or membership.role not in CLAIM_ROLES:
            return self.none()
        return self.published().filter(centre_id=membership.centre_id)

    def valid(self) -> "CertificateQuerySet":
        return self.filter(status=CertificateStatus.VALID)


class Certificate(models.Model):
    """A certificate as issued: a full award's certificate, or a unit certificate (notification of
    performance) for the units a candidate achieved by one claim without the full award.

    What it certifies is kept as printed: the holder's name, the qualification's grade and the
    units with their grades (`units`, a list of {number, title, level, credits, grade,
    awarding_body}), so the PDF and `/verify/` show what the holder was given even if records
    change later. A change to them is a replacement: a new certificate with a new number, this
    one `replaced` and pointing at it. A withdrawn certificate is kept, with the reason; neither
    is ever deleted.
    """

    number = models.CharField(max_length=numbers.LENGTH, unique=True)
    kind = models.CharField(max_length=10, choices=CertificateKind.choices)
    status = models.CharField(
        max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="certificates"
    )
    centre = models.ForeignKey("accounts.Centre", on_delete=models.PROTECT, related_name="+")
    qualification = models.ForeignKey("catalogue.Qualification", on_delete=models.PROTECT)
    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="+")
    award = models.ForeignKey(
        "candidates.Award",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    grade = models.CharField(max_length=20, blank=True)
    units = models.JSONField(default=list, blank=True)
    awarded_on = models.DateField("date of award")
    issued_at = models.DateTimeField()
    published_at = models.DateTimeField()
    replaced_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces"
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        indexes = [
            # The centre's certificates, newest first (the API's list).
            models.Index(fields=["centre", "-issued_at", "-id"], name="certificate_centre_issued"),
            models.Index(fields=["claim", "candidate"], name="certificate_claim_candidate"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["award"],
                condition=Q(status="valid"),
                name="certificate_one_valid_per_award",
            ),
            models.UniqueConstraint(
                fields=["candidate", "claim"],
                condition=Q(status="valid", kind="units"),
                name="certificate_one_valid_unit_certificate",
            ),
            models.CheckConstraint(
                condition=Q(kind="award", award__isnull=False)
                | Q(kind="units", award__isnull=True),
                name="certificate_award_for_award_kind",
            ),
            models.CheckConstraint(
                condition=Q(status="valid", changed_at__isnull=True, reason="")
                | (~Q(status="valid") & Q(changed_at__isnull=False) & ~Q(reason="")),
                name="certificate_changed_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="replaced", replaced_by__isnull=False)
                | (~Q(status="replaced") & Q(replaced_by__isnull=True)),
                name="certificate_replaced_by_another",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_number} ({self.get_kind_display()}, {self.get_status_display()})"

    @property
    def display_number(self) -> str:
        return numbers.formatted(self.number)

    @property
    def holder(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID

    @property
    def is_unit_certificate(self) -> bool:
        return self.kind == CertificateKind.UNITS

    @property
    def unit_rows(self) -> list[dict[str, Any]]:
        """The units as printed, in unit number order."""
        return sorted(self.units, key=lambda unit: unit["number"])

    @property
    def title(self) -> str:
        """What the certificate is, as its heading and the pages say it."""
        return str(self.get_kind_display())
