"""Candidates, their entries for qualifications, a centre's unnamed entries, and what each
candidate has achieved: units from processed claims and full awards."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from jobs.models import LeasedJob

from .validators import validate_candidate_number, validate_uln


class Candidate(models.Model):
    """A learner registered at a centre; the candidate number is unique across the awarding body."""

    centre = models.ForeignKey(
        "accounts.Centre", on_delete=models.PROTECT, related_name="candidates"
    )
    number = models.CharField(
        "candidate number", max_length=12, unique=True, validators=[validate_candidate_number]
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    uln = models.CharField(
        "ULN", max_length=10, blank=True, validators=[validate_uln], help_text="Optional"
    )

    class Meta:
        ordering = ["last_name", "first_name", "number"]
        indexes = [models.Index(fields=["centre", "last_name", "first_name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["uln"], condition=~Q(uln=""), name="candidate_uln_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def candidate_limit(field: str) -> int:
    """The most characters a candidate's `field` holds: the pages' forms, the import, the API
    and their messages all take the limit from here."""
    column = Candidate._meta.get_field(field)
    assert isinstance(column, models.CharField) and column.max_length is not None, field
    return column.max_length


class EntryType(models.TextChoices):
    FULL_AWARD = "full", "Full award"
    UNITS = "units", "Unit entries"


class NamedEntry(models.Model):
    """A named entry: one candidate in for a qualification, as a full award or for listed units."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="entries")
    qualification = models.ForeignKey("catalogue.Qualification", on_delete=models.PROTECT)
    entry_type = models.CharField(max_length=10, choices=EntryType.choices)
    units = models.ManyToManyField("catalogue.Unit", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "named entries"
        ordering = ["candidate", "qualification"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "qualification"], name="named_entry_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} for {self.qualification.code} ({self.get_entry_type_display()})"


class UnnamedEntryMovement(models.Model):
    """One movement of a centre's unnamed unit-entry balance for a qualification.

    Purchases add to the balance; each unit submitted for a candidate without a named entry
    takes one. The balance is the sum of the movements, so it can always be explained.
    """

    class Kind(models.TextChoices):
        PURCHASE = "purchase", "Purchase"
        USED = "used", "Used by a claim"
        RETURNED = "returned", "Returned"

    centre = models.ForeignKey("accounts.Centre", on_delete=models.PROTECT, related_name="+")
    qualification = models.ForeignKey("catalogue.Qualification", on_delete=models.PROTECT)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    quantity = models.IntegerField(help_text="Positive for purchases, negative when used")
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["centre", "qualification"])]

    def __str__(self) -> str:
        return f"{self.centre.number} {self.qualification.code}: {self.quantity:+d}"


class ImportJob(LeasedJob):
    """One CSV file of candidates and named entries uploaded for bulk import.

    Uploading checks the file (the dry run: every row's outcome and every error are kept here);
    importing then runs as a background task, under a lease, that updates the progress. The
    file's contents are kept only until the import ends, so that a finished job holds no
    candidate details; an import that failed because its worker kept stopping keeps them until
    it is tried again.
    """

    class Status(models.TextChoices):
        CHECKED = "checked", "Checked"
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    centre = models.ForeignKey("accounts.Centre", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    content = models.BinaryField(default=b"", editable=False)
    stage = models.CharField(max_length=40, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    outcomes = models.JSONField(
        default=list, blank=True, help_text="The dry run: [row, candidate number, outcome, code]"
    )
    errors = models.JSONField(
        default=list, blank=True, help_text="Every error: {row, column, message}"
    )
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["centre", "created_at"])]

    def __str__(self) -> str:
        return f"{self.filename} for {self.centre_id}: {self.get_status_display()}"

    @property
    def is_ready(self) -> bool:
        """Checked with no error: it can be imported."""
        return self.status == self.Status.CHECKED and not self.errors and self.total_rows > 0

    @property
    def in_progress(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def can_try_again(self) -> bool:
        """Failed for want of a worker that finished it, not because of the file."""
        return self.status == self.Status.FAILED and bool(self.failure_message)

    @property
    def percent_done(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, self.rows_done * 100 // self.total_rows)


class AchievedUnit(models.Model):
    """A unit a candidate has achieved, from a processed claim; it cannot be claimed again.

    Written by processing (`results`); kept with the candidate, because a claim must know what
    its candidates already hold."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="achieved_units"
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


class AwardQuerySet(models.QuerySet["Award"]):
    def standing(self) -> "AwardQuerySet":
        """Awards in force: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class Award(models.Model):
    """A full award, issued once when a candidate's achieved units meet the rules of combination.

    `claim` is the processed claim whose results issued it. An award is withdrawn (never
    deleted) when a malpractice case about that claim is upheld: `withdrawn_at` and the reason
    say when and why, and the candidate may be awarded again later from another claim.

    `grade` is the qualification grade the grading rules give the candidate's achieved units
    when the award is issued (`catalogue.rules.grading`): "Merit", "D*D" and so on. A
    qualification without grading rules is graded Pass only and its awards leave it blank, so
    that a blank grade never reads as a grade the candidate earned.
    """

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="awards")
    qualification = models.ForeignKey("catalogue.Qualification", on_delete=models.PROTECT)
    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    grade = models.CharField(
        max_length=12,
        blank=True,
        help_text="The qualification grade worked out from the unit grades when the award was "
        "issued; blank for a qualification graded Pass only",
    )
    issued_at = models.DateTimeField()
    published_at = models.DateTimeField(db_index=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=500, blank=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["candidate", "qualification"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "qualification"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="award_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawn_reason=""),
                name="award_withdrawn_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} awarded {self.qualification.code}"
