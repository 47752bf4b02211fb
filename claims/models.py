"""Certification claims: built by a centre, submitted, moderated and processed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower

from accounts.models import CLAIM_ROLES, ModeratorAssignment

if TYPE_CHECKING:
    from accounts.models import Membership


def max_length(model: type[models.Model], name: str) -> int:
    """A text column's limit, for the forms, serializers and messages that say it."""
    length = getattr(model._meta.get_field(name), "max_length", None)
    if length is None:  # pragma: no cover - only text columns are asked
        raise ValueError(f"{model.__name__}.{name} has no length limit")
    return length


class CentreAssessor(models.Model):
    """A person at the centre who marks the assessment, known on claims by their initials.

    Initials are unique within the centre (case-insensitive); the same assessor can be set up
    for several qualifications.
    """

    centre = models.ForeignKey(
        "accounts.Centre", on_delete=models.PROTECT, related_name="assessors"
    )
    name = models.CharField(max_length=150)
    initials = models.CharField(max_length=4)
    qualifications = models.ManyToManyField("catalogue.Qualification", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "centre", Lower("initials"), name="assessor_initials_unique_in_centre"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.initials})"


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Claim in progress"
    SUBMITTED = "submitted", "Submitted"
    FINALISED = "finalised", "Finalised"
    PROCESSED = "processed", "Processed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ClaimQuerySet(models.QuerySet["Claim"]):
    """Who may reach a claim, defined once: every selector, page, download, API view and action
    lock that finds a claim for a person starts from one of these.

    - `for_centre(membership)`: the claims of the membership's centre, drafts included, for the
      certification claims roles (Centre Administrator, Tutor/Teacher); nothing for other roles.
    - `for_moderator(user)`: claims past the draft whose centre and qualification the user is
      assigned to moderate *now*. The assignment is read at every request, so a moderator who
      is reassigned loses the claim at once; `Claim.moderator` (who it was sent to at
      submission) is kept for the record only and never admits anyone.
    - `visible_to(user, membership)`: either of the two (a claim's History).
    """

    def for_centre(self, membership: Membership | None) -> ClaimQuerySet:
        if membership is None or membership.role not in CLAIM_ROLES:
            return self.none()
        return self.filter(centre_id=membership.centre_id)

    def for_moderator(self, user: Any) -> ClaimQuerySet:
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(moderated_by(user)).exclude(status=ClaimStatus.DRAFT)

    def locked(self, *, skip_locked: bool = False) -> ClaimQuerySet:
        """The claims' rows and their centres' rows, locked until the transaction ends: every
        claim of one candidate is their centre's, so two claims of a candidate are never changed
        at once, while other centres' claims go ahead. FOR NO KEY UPDATE leaves the rows free for
        the foreign key checks of other writes (a new claim, an audit event of the centre, a
        candidate's details saved while one of their claims is locked), and the qualification's
        row is not locked at all. Every action's claim lock is this one, so locks are taken in
        one order and never deadlock."""
        return self.select_for_update(
            of=("self", "centre"), no_key=True, skip_locked=skip_locked
        ).select_related("centre", "qualification")

    def visible_to(self, user: Any, membership: Membership | None) -> ClaimQuerySet:
        signed_in = user is not None and user.is_authenticated
        theirs = Q(pk__in=[])
        if membership is not None and membership.role in CLAIM_ROLES:
            theirs |= Q(centre_id=membership.centre_id)
        if signed_in:
            theirs |= moderated_by(user) & ~Q(status=ClaimStatus.DRAFT)
        return self.filter(theirs)


def moderated_by(user: Any) -> Exists:
    """A claim's centre and qualification are assigned to `user` to moderate (for a filter on
    claims, or on rows whose `claim` is one: pass through `OuterRef`)."""
    return Exists(
        ModeratorAssignment.objects.filter(
            moderator_id=user.pk,
            centre_id=OuterRef("centre_id"),
            qualification_id=OuterRef("qualification_id"),
        )
    )


class Claim(models.Model):
    """One centre's claim for one qualification. Its status changes only in claims.transitions."""

    centre = models.ForeignKey("accounts.Centre", on_delete=models.PROTECT, related_name="claims")
    qualification = models.ForeignKey("catalogue.Qualification", on_delete=models.PROTECT)
    status = models.CharField(
        max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT, db_index=True
    )
    claim_number = models.PositiveIntegerField(null=True, blank=True, unique=True)
    reference = models.CharField(max_length=20, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitter_email = models.EmailField(blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            # One claim in progress per centre and qualification, however many people build it.
            models.UniqueConstraint(
                fields=["centre", "qualification"],
                condition=Q(status="draft"),
                name="one_draft_claim_per_centre_qualification",
            )
        ]
        indexes = [models.Index(fields=["centre", "status", "qualification"])]

    def __str__(self) -> str:
        label = f"claim {self.claim_number}" if self.claim_number else "claim in progress"
        return f"{self.centre.number} {self.qualification.code} {label}"

    @property
    def is_draft(self) -> bool:
        return self.status == ClaimStatus.DRAFT


class ClaimCandidate(models.Model):
    """A candidate on a claim. `version` detects two people saving the same candidate at once."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="candidates")
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn = models.BooleanField(default=False)
    malpractice = models.BooleanField(default=False)

    class Meta:
        ordering = ["claim", "candidate__last_name", "candidate__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "candidate"], name="claim_candidate_unique")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} on {self.claim}"


class UnitState(models.TextChoices):
    CLAIMED = "claimed", "Claimed"
    OTHER_AB = "other_ab", "Another AB"
    ACCEPTED = "accepted", "Accepted"
    NOT_ACCEPTED = "not_accepted", "Not accepted"
    AMENDED = "amended", "Amended"
    WITHDRAWN = "withdrawn", "Withdrawn"

    @classmethod
    def counting(cls) -> frozenset[UnitState]:
        """States of a claimed unit that become results (unless its candidate is held for
        malpractice: `claims.outcomes`). A unit the moderator withdrew, or one not accepted
        after a malpractice case was upheld, does not."""
        return frozenset({cls.CLAIMED, cls.OTHER_AB, cls.ACCEPTED, cls.AMENDED})

    @classmethod
    def not_counting(cls) -> frozenset[UnitState]:
        """States of a claimed unit that will never become a result: withdrawn by the
        moderator, or not accepted after a malpractice case was upheld."""
        return frozenset({cls.WITHDRAWN, cls.NOT_ACCEPTED})

    @classmethod
    def undecided(cls) -> frozenset[UnitState]:
        """States of a claimed unit still waiting for the moderator's decision."""
        return frozenset({cls.CLAIMED, cls.OTHER_AB})


class ClaimedUnit(models.Model):
    """A unit claimed for a candidate: by this awarding body's assessment, or transferred from
    another awarding body (then `awarding_body` names it and it shows as T on the claim)."""

    claim_candidate = models.ForeignKey(
        ClaimCandidate, on_delete=models.CASCADE, related_name="units"
    )
    unit = models.ForeignKey("catalogue.Unit", on_delete=models.PROTECT, related_name="+")
    assessor = models.ForeignKey(CentreAssessor, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField("assessed as", max_length=20, blank=True)
    state = models.CharField(max_length=15, choices=UnitState.choices, default=UnitState.CLAIMED)
    awarding_body = models.CharField(max_length=100, blank=True)
    date_claimed = models.DateField()
    original_grade = models.CharField(max_length=20, blank=True)
    outcome_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["claim_candidate", "unit__number"]
        constraints = [
            models.UniqueConstraint(fields=["claim_candidate", "unit"], name="claimed_unit_unique")
        ]

    def __str__(self) -> str:
        return f"unit {self.unit.number} for {self.claim_candidate.candidate}"

    @property
    def is_other_awarding_body(self) -> bool:
        return bool(self.awarding_body)

    @property
    def is_undecided(self) -> bool:
        return self.state in UnitState.undecided()

    @property
    def is_accepted(self) -> bool:
        return self.state == UnitState.ACCEPTED

    @property
    def state_label(self) -> str:
        """The state as the moderator's pages show it: "To review" until they decide."""
        return "To review" if self.is_undecided else self.get_state_display()

    @property
    def code(self) -> str:
        """The code on the claim grid: C claimed, T transferred from another awarding body."""
        return "T" if self.awarding_body else "C"
