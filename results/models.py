"""Published results: units achieved and full awards."""

from django.db import models


class AchievedUnit(models.Model):
    """A unit a candidate has achieved, from a processed claim; it cannot be claimed again."""

    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="achieved_units"
    )
    unit = models.ForeignKey("catalogue.Unit", on_delete=models.PROTECT, related_name="+")
    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=20, blank=True)
    other_awarding_body = models.CharField(max_length=100, blank=True)
    achieved_at = models.DateTimeField()
    published_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["candidate", "unit__number"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "unit"], name="achieved_unit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} achieved unit {self.unit.number}"


class Award(models.Model):
    """A full award, issued once when a candidate's achieved units meet the rules of combination."""

    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="awards"
    )
    qualification = models.ForeignKey("catalogue.Qualification", on_delete=models.PROTECT)
    issued_at = models.DateTimeField()
    published_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["candidate", "qualification"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "qualification"], name="award_unique")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} awarded {self.qualification.code}"
