"""Reviews of moderation: a centre asks for a second examiner-moderator to look again at the
first one's decisions on named candidates or units of a Finalised or Processed claim."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ReviewStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ASSIGNED = "assigned", "With the reviewer"
    COMPLETED = "completed", "Completed"


class Review(models.Model):
    """A review of the examiner-moderator's decisions on a claim, asked for by its centre.

    Requested by the centre with a reason, assigned by operations to a reviewer (an
    examiner-moderator other than the claim's first), decided item by item, then completed. A
    claim has at most one review open at a time.
    """

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="reviews")
    #: The claim's centre, kept on the review so that a centre's reviews are one range of an
    #: index rather than a join to every claim of the centre.
    centre = models.ForeignKey(
        "accounts.Centre", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    status = models.CharField(
        max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.REQUESTED
    )
    reason = models.CharField(max_length=500)
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=~Q(status="completed"),
                name="review_one_open_per_claim",
            ),
            models.CheckConstraint(
                condition=Q(status="requested") | Q(reviewer__isnull=False),
                name="review_assigned_has_reviewer",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "requested_at", "id"], name="review_status_idx"),
            models.Index(fields=["centre", "-requested_at", "-id"], name="review_centre_idx"),
            models.Index(fields=["reviewer", "status"], name="review_reviewer_idx"),
        ]

    def __str__(self) -> str:
        return f"review {self.pk} of {self.claim}"

    @property
    def is_open(self) -> bool:
        return self.status != ReviewStatus.COMPLETED


class ItemDecision(models.TextChoices):
    UNDECIDED = "", "To decide"
    UPHELD = "upheld", "Upheld"
    CHANGED = "changed", "Changed"


class ReviewItem(models.Model):
    """One decision the centre asked about: the outcome of one claimed unit.

    A candidate named in the request is every one of their units on the claim. `state_before`
    and `grade_before` keep the first decision; a change is the moderation outcome `outcome`.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="items")
    claimed_unit = models.ForeignKey(
        "claims.ClaimedUnit", on_delete=models.CASCADE, related_name="+"
    )
    state_before = models.CharField(max_length=15)
    grade_before = models.CharField(max_length=20, blank=True)
    reason_before = models.CharField(max_length=500, blank=True)
    decision = models.CharField(
        max_length=10, choices=ItemDecision.choices, default=ItemDecision.UNDECIDED, blank=True
    )
    reason = models.CharField(max_length=500, blank=True)
    outcome = models.ForeignKey(
        "moderation.ReviewOutcome",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["review", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "claimed_unit"], name="review_item_unit_unique"
            )
        ]

    def __str__(self) -> str:
        return f"item {self.pk} of {self.review}"

    @property
    def is_decided(self) -> bool:
        return self.decision != ItemDecision.UNDECIDED
