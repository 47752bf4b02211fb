"""External verification of centres: the verifier's report on each visit."""

from django.conf import settings
from django.db import models


class SanctionLevel(models.TextChoices):
    NONE = "none", "None"
    LEVEL_1 = "1", "Level 1"
    LEVEL_2 = "2", "Level 2"
    LEVEL_3 = "3", "Level 3"
    LEVEL_4 = "4", "Level 4"


class VerifierReport(models.Model):
    """The external verifier's quality assurance report on one visit to a centre."""

    centre = models.ForeignKey(
        "accounts.Centre", on_delete=models.PROTECT, related_name="verifier_reports"
    )
    qualification = models.ForeignKey("catalogue.Qualification", on_delete=models.PROTECT)
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    visit_date = models.DateField()
    actions = models.TextField()
    recommendations = models.TextField()
    sanction_level = models.CharField(
        max_length=4, choices=SanctionLevel.choices, default=SanctionLevel.NONE
    )
    recommends_direct_claim_status = models.BooleanField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-visit_date", "-id"]
        indexes = [
            models.Index(fields=["centre", "-visit_date"], name="verifier_report_centre_visit")
        ]

    def __str__(self) -> str:
        return (
            f"verifier report {self.visit_date:%d/%m/%Y} "
            f"{self.centre.number} {self.qualification.code}"
        )
