"""Moderation of submitted claims.

The claim's own records (its status, its candidates' withdrawn and malpractice flags, each
claimed unit's state) live in `claims`; these models keep what moderation adds: the sample,
the evidence, who decided each outcome and why, and the feedback report.
"""

from django.conf import settings
from django.db import models

from catalogue.models import EvidenceMethod


class Sample(models.Model):
    """The candidates whose work the moderator asked the centre for, one sample per claim.

    `version` counts the requests: a moderator who changes the sample asks again.
    """

    claim = models.OneToOneField("claims.Claim", on_delete=models.CASCADE, related_name="sample")
    candidates = models.ManyToManyField("claims.ClaimCandidate", related_name="+")
    version = models.PositiveIntegerField(default=1)
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"sample for {self.claim}"


class EvidenceSubmission(models.Model):
    """Candidate work sent to the moderator for a claim: by post, by email or as an e-portfolio.

    Postal and email work is recorded by the centre when sent and by the moderator when it
    arrives; e-portfolio work arrives when the centre uploads it (`EvidenceFile`).
    """

    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, related_name="evidence_submissions"
    )
    method = models.CharField(max_length=12, choices=EvidenceMethod.choices)
    sent_on = models.DateField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    arrived_on = models.DateField(null=True, blank=True)
    arrival_recorded_at = models.DateTimeField(null=True, blank=True)
    arrival_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["claim", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} sent {self.sent_on:%d/%m/%Y} for {self.claim}"


class EvidenceFile(models.Model):
    """A file of candidate work uploaded as an e-portfolio.

    `file` is named by the server (a random name in the claim's folder); the name the centre's
    file had is kept, cleaned, only to show. Stored through Django's storage API, so the
    setting STORAGES["default"] decides whether it is local disk or S3-compatible storage.
    """

    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, related_name="evidence_files"
    )
    claim_candidate = models.ForeignKey(
        "claims.ClaimCandidate", on_delete=models.CASCADE, related_name="evidence_files"
    )
    file = models.FileField(max_length=200)
    original_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["claim", "claim_candidate", "uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.original_name} for {self.claim_candidate}"


class EvidenceArrival(models.Model):
    """The work of one candidate on a claim, arrived with the moderator by one method.

    Recorded by the moderator for posted or emailed work (naming the candidates it covers,
    `submission` being the centre's record of sending it) and written when the centre uploads a
    candidate's first e-portfolio file. A claim's work has arrived when every candidate asked for
    (the sample, or every candidate when none is asked) has an arrival.
    """

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="arrivals")
    claim_candidate = models.ForeignKey(
        "claims.ClaimCandidate", on_delete=models.CASCADE, related_name="arrivals"
    )
    method = models.CharField(max_length=12, choices=EvidenceMethod.choices)
    submission = models.ForeignKey(
        EvidenceSubmission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="arrivals",
    )
    arrived_on = models.DateField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["claim", "arrived_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim_candidate", "method"], name="one_arrival_per_candidate_and_method"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} work of {self.claim_candidate} arrived"


class OutcomeAction(models.TextChoices):
    ACCEPT = "accept", "Accepted"
    AMEND_GRADE = "amend_grade", "Grade amended"
    WITHDRAW_UNIT = "withdraw_unit", "Unit withdrawn"
    WITHDRAW_ASSESSOR_GRADE = "withdraw_assessor_grade", "Units of a centre assessor withdrawn"
    WITHDRAW_CANDIDATE = "withdraw_candidate", "Candidate withdrawn"
    MALPRACTICE = "malpractice", "Malpractice flagged"
    WITHDRAW_CLAIM = "withdraw_claim", "Claim withdrawn"
    ACCEPT_REMAINING = "accept_remaining", "Remaining units accepted"


class ReviewOutcome(models.Model):
    """One decision of the moderator's review: what, about which unit or candidate, who, when, why.

    Written in the same transaction as the change to the claimed unit or candidate it explains.
    """

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="outcomes")
    claim_candidate = models.ForeignKey(
        "claims.ClaimCandidate",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    claimed_unit = models.ForeignKey(
        "claims.ClaimedUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    #: The centre assessor whose units at `grade_before` a bulk withdrawal took.
    centre_assessor = models.ForeignKey(
        "claims.CentreAssessor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=30, choices=OutcomeAction.choices)
    reason = models.CharField(max_length=500, blank=True)
    grade_before = models.CharField(max_length=20, blank=True)
    grade_after = models.CharField(max_length=20, blank=True)
    units_affected = models.PositiveIntegerField(default=0)
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["claim", "decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} on {self.claim}"


class FeedbackReport(models.Model):
    """The examiner-moderator's centre feedback report for a claim.

    The centre reads it once `issued_at` is set: when the claim is sent to the awarding body or
    withdrawn. The adjustments are not stored here; they are read from the review itself.
    """

    claim = models.OneToOneField(
        "claims.Claim", on_delete=models.CASCADE, related_name="feedback_report"
    )
    #: The claim's centre, kept on the report so that a centre's reports are one range of the
    #: index below rather than a join to every claim of the centre.
    centre = models.ForeignKey(
        "accounts.Centre", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    feedback = models.TextField(blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()
    issued_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["centre", "-issued_at", "-id"], name="feedback_report_centre_issued"
            )
        ]

    def __str__(self) -> str:
        return f"feedback report for {self.claim}"


class MalpracticeCase(models.Model):
    """A malpractice case about one candidate on one claim, opened when the moderator flags them.

    While it is open the candidate's results and award from that claim are held
    (`ClaimCandidate.malpractice` is true). Operations close it: not upheld releases the results,
    which are then processed as any claim's; upheld makes the candidate's units on the claim not
    accepted, notes the sanction and withdraws any award that claim issued them.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        NOT_UPHELD = "not_upheld", "Not upheld"
        UPHELD = "upheld", "Upheld"

    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, related_name="malpractice_cases"
    )
    claim_candidate = models.ForeignKey(
        "claims.ClaimCandidate", on_delete=models.CASCADE, related_name="malpractice_cases"
    )
    reason = models.CharField(max_length=500)
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    sanction = models.CharField(max_length=500, blank=True)
    notes = models.CharField(max_length=2000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim_candidate"],
                condition=models.Q(status="open"),
                name="malpractice_one_open_case_per_candidate",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="open", closed_at__isnull=True, closed_by__isnull=True)
                    | (
                        ~models.Q(status="open")
                        & models.Q(closed_at__isnull=False, closed_by__isnull=False)
                    )
                ),
                name="malpractice_closed_when_decided",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="upheld") | ~models.Q(sanction=""),
                name="malpractice_upheld_with_sanction",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-opened_at", "-id"], name="malpractice_list_idx"),
        ]

    def __str__(self) -> str:
        return f"malpractice case {self.pk} on {self.claim}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def centre_label(self) -> str:
        """What the centre reads of the case: held while open, then the outcome."""
        if self.status == self.Status.UPHELD:
            return "Malpractice case upheld: units not accepted"
        if self.status == self.Status.NOT_UPHELD:
            return "Malpractice case not upheld: results released"
        return "Results held: malpractice case open"
