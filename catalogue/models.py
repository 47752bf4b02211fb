"""The awarding body's catalogue: qualifications, their units, rules of combination and grading."""

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from .rules.grades import UNIT_GRADES


class QualityAssurance(models.TextChoices):
    POSTAL_MODERATION = "postal", "Postal moderation"
    REMOTE_MODERATION = "remote", "Remote moderation"
    EXTERNAL_VERIFICATION = "verification", "External verification"


class EvidenceMethod(models.TextChoices):
    POSTAL = "postal", "Postal submission"
    EMAIL = "email", "Email submission"
    EPORTFOLIO = "eportfolio", "e-Portfolio submission"


class GradingScheme(models.TextChoices):
    PASS = "pass", "Pass"
    PASS_MERIT_DISTINCTION = "pmd", "Pass/Merit/Distinction"


GRADES_BY_SCHEME: dict[str, tuple[str, ...]] = {
    GradingScheme.PASS: ("Pass",),
    GradingScheme.PASS_MERIT_DISTINCTION: ("Pass", "Merit", "Distinction"),
}


class PointsPer(models.TextChoices):
    CREDIT = "credit", "Points a credit"
    UNIT = "unit", "Points a unit, by its size in credits"


UNIT_GRADE_CHOICES = [(grade, grade) for grade in UNIT_GRADES]
GRADE_MAX_LENGTH = 12


class Qualification(models.Model):
    """A qualification centres can be approved for and claim against, e.g. 03991."""

    code = models.CharField(
        "entry code",
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{5}$", "Enter the entry code as 5 digits")],
    )
    title = models.CharField(max_length=200)
    level = models.PositiveSmallIntegerField(validators=[MaxValueValidator(8)])
    quality_assurance = models.CharField(max_length=20, choices=QualityAssurance.choices)
    evidence_methods = models.JSONField(
        default=list, blank=True, help_text="Any of: postal, email, eportfolio"
    )
    allows_other_awarding_body_units = models.BooleanField(
        "units from another awarding body may count", default=False
    )
    points_per = models.CharField(
        "grade points counted",
        max_length=10,
        choices=PointsPer.choices,
        default=PointsPer.CREDIT,
        # Tools that write qualification rows in bulk outside the ORM leave it out.
        db_default=PointsPer.CREDIT,
        help_text="For a graded qualification: whether grade points are a credit or a unit",
    )
    best_credits = models.PositiveSmallIntegerField(
        "credits counted for the grade",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Only the best this many credits count, mandatory units first; blank: all",
    )
    #: Raised by every change to the qualification's units, rules or grading rules, in the
    #: same transaction: `catalogue.structure_cache` keeps what it has read per version.
    structure_version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Saving a row read earlier never writes back the structure version it was read at:
        # only `structure_cache.structure_changed` moves it on.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "structure_version"
            ]
        super().save(*args, **kwargs)

    @property
    def is_remote(self) -> bool:
        return self.quality_assurance == QualityAssurance.REMOTE_MODERATION

    @property
    def is_verified(self) -> bool:
        return self.quality_assurance == QualityAssurance.EXTERNAL_VERIFICATION

    def get_evidence_methods_display(self) -> list[str]:
        labels = dict(EvidenceMethod.choices)
        return [labels[m] for m in self.evidence_methods if m in labels]


class Unit(models.Model):
    """One unit of a qualification, numbered 1, 2, 3 … within it."""

    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="units")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    title = models.CharField(max_length=200, help_text='With its level, e.g. "Email [Level 1]"')
    level = models.PositiveSmallIntegerField(validators=[MaxValueValidator(8)])
    credits = models.PositiveSmallIntegerField()
    grading = models.CharField(
        "assessed as", max_length=10, choices=GradingScheme.choices, default=GradingScheme.PASS
    )
    reference = models.CharField(
        "unit reference number",
        max_length=10,
        blank=True,
        validators=[
            RegexValidator(r"^[A-Z]/[0-9]{3}/[0-9]{4}$", "Enter a reference like A/123/4567")
        ],
    )

    class Meta:
        ordering = ["qualification", "number"]
        constraints = [
            models.UniqueConstraint(fields=["qualification", "number"], name="unit_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_graded(self) -> bool:
        return self.grading != GradingScheme.PASS

    @property
    def grades(self) -> tuple[str, ...]:
        return GRADES_BY_SCHEME[self.grading]


class RuleKind(models.TextChoices):
    MIN_CREDITS = "min_credits", "Minimum total credits"
    MANDATORY = "mandatory", "Mandatory units"
    GROUP = "group", "Group minimum"
    MIN_CREDITS_AT_LEVEL = "min_credits_at_level", "Minimum credits at or above a level"
    BARRED = "barred", "Barred combination"
    MAX_OTHER_AB_CREDITS = "max_other_ab_credits", "Maximum credits from other awarding bodies"


class Rule(models.Model):
    """One rule of combination, stored as data and evaluated by `catalogue.rules`."""

    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=30, choices=RuleKind.choices)
    value = models.PositiveIntegerField(null=True, blank=True)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    units = models.JSONField(default=list, blank=True, help_text="Unit numbers, e.g. [1, 2, 3]")
    per = models.CharField(
        max_length=10,
        choices=[("credits", "credits"), ("units", "units")],
        default="credits",
        help_text="For a group: whether its minimum counts credits or units",
    )
    name = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["qualification", "id"]

    def __str__(self) -> str:
        return f"{self.qualification.code}: {self.get_kind_display()}"


class GradePoints(models.Model):
    """What one unit grade is worth towards the qualification grade, a credit or a unit.

    With points a credit, `level` limits the row to units at that level (blank: any level);
    with points a unit, `size` is the credits of the units it is for.
    """

    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="grade_points"
    )
    unit_grade = models.CharField(max_length=20, choices=UNIT_GRADE_CHOICES)
    points = models.PositiveSmallIntegerField()
    level = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    size = models.PositiveSmallIntegerField(
        "unit size in credits", null=True, blank=True, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["qualification", "id"]
        verbose_name_plural = "grade points"

    def __str__(self) -> str:
        return f"{self.qualification.code}: {self.unit_grade} {self.points}"


class GradeThreshold(models.Model):
    """A qualification grade and the points it starts at; the lowest grade has no points, as
    it is given whenever the rules of combination are met."""

    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="grade_thresholds"
    )
    grade = models.CharField(max_length=GRADE_MAX_LENGTH, help_text='e.g. "Merit" or "D*D"')
    points = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["qualification", models.F("points").asc(nulls_first=True), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["qualification", "grade"], name="grade_threshold_grade_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.qualification.code}: {self.grade}"


class GradeCondition(models.Model):
    """A qualification grade, and every grade above it, needs these units at `unit_grade` or
    better; no units listed means every mandatory unit."""

    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="grade_conditions"
    )
    grade = models.CharField(max_length=GRADE_MAX_LENGTH)
    unit_grade = models.CharField(max_length=20, choices=UNIT_GRADE_CHOICES)
    units = models.JSONField(
        default=list, blank=True, help_text="Unit numbers, e.g. [1, 2]; empty: mandatory units"
    )

    class Meta:
        ordering = ["qualification", "id"]

    def __str__(self) -> str:
        return f"{self.qualification.code}: {self.grade} needs {self.unit_grade}"
