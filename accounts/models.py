"""People, centres and what each person may do where."""

import hashlib
from datetime import datetime
from typing import Any, ClassVar

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower


class UserManager(BaseUserManager["User"]):
    """Users are known by their email address; there is no separate username."""

    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("Enter an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("is_operations", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with their email address.

    Centre roles come from `Membership`; the awarding body's roles from `is_operations`,
    `ModeratorAssignment` and `VerifierAssignment`.
    """

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    is_operations = models.BooleanField(
        "awarding body operations",
        default=False,
        help_text="Maintains the catalogue, centres and assignments; processes claims.",
    )
    # Sessions remember whether the user has a two-factor device together with this number, so
    # a device confirmed, replaced or reset in another session is noticed on the next request.
    two_factor_stamp = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Changes whenever the user's two-factor devices or recovery codes change",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        ordering = ["email"]
        constraints = [
            # Emails are stored lower-cased; this makes a second account differing only in case
            # impossible even if something bypasses the manager.
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email


class Centre(models.Model):
    """An exam centre (college or training provider), known by its 5-digit centre number."""

    number = models.CharField(
        "centre number",
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{5}$", "Enter the centre number as 5 digits")],
    )
    name = models.CharField(max_length=200)
    contact_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Approval(models.Model):
    """A centre's approval to offer a qualification, and whether it may claim directly."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="approvals")
    qualification = models.ForeignKey(
        "catalogue.Qualification", on_delete=models.PROTECT, related_name="approvals"
    )
    direct_claim_status = models.BooleanField(
        default=False, help_text="Claims go straight to the awarding body, without moderation."
    )

    class Meta:
        ordering = ["centre", "qualification"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "qualification"], name="approval_unique")
        ]

    def __str__(self) -> str:
        return f"{self.centre.number} approved for {self.qualification.code}"


class Role(models.TextChoices):
    CENTRE_ADMINISTRATOR = "centre_admin", "Centre Administrator"
    TUTOR = "tutor", "Tutor/Teacher"
    STAFF = "staff", "No certification claims role"


CLAIM_ROLES = frozenset({Role.CENTRE_ADMINISTRATOR, Role.TUTOR})


class Membership(models.Model):
    """A user's place at a centre, with their role there (one per user and centre)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STAFF)

    class Meta:
        ordering = ["centre", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "centre"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} at {self.centre.number}: {self.get_role_display()}"

    @property
    def can_claim(self) -> bool:
        return self.role in CLAIM_ROLES

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.CENTRE_ADMINISTRATOR


class ModeratorAssignment(models.Model):
    """An examiner-moderator assigned to a centre for a qualification."""

    moderator = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="moderator_assignments"
    )
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="moderators")
    qualification = models.ForeignKey("catalogue.Qualification", on_delete=models.PROTECT)

    class Meta:
        ordering = ["centre", "qualification"]
        constraints = [
            # One examiner-moderator per centre and qualification: it is who a claim goes to.
            models.UniqueConstraint(
                fields=["centre", "qualification"], name="moderator_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.moderator} moderates {self.qualification.code} at {self.centre.number}"


class VerifierAssignment(models.Model):
    """An external verifier assigned to a centre for an externally verified qualification."""

    verifier = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="verifier_assignments"
    )
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="verifiers")
    qualification = models.ForeignKey("catalogue.Qualification", on_delete=models.PROTECT)

    class Meta:
        ordering = ["centre", "qualification"]
        constraints = [
            models.UniqueConstraint(
                fields=["verifier", "centre", "qualification"], name="verifier_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.verifier} verifies {self.qualification.code} at {self.centre.number}"


class InvitationState(models.TextChoices):
    INVITED = "invited", "Invited"
    EXPIRED = "expired", "Expired"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Invitation(models.Model):
    """An offer of a role at a centre to someone who already has an account.

    Nothing changes for that person until they accept it, signed in as the invited address.
    The centre sees only what its administrator typed (the email address and the name), never
    the account's own details. The secret in the emailed link is kept only as a digest.
    An invitation is open until it is accepted, declined, withdrawn or found expired; a centre
    has at most one open invitation per email address.
    """

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("email address", help_text="As typed, lower-cased")
    full_name = models.CharField(max_length=150, help_text="As typed by the administrator")
    role = models.CharField(max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(
        null=True, blank=True, help_text="When someone tried to use it after it expired"
    )
    token_digest = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["centre", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "email"],
                condition=models.Q(
                    accepted_at__isnull=True,
                    declined_at__isnull=True,
                    withdrawn_at__isnull=True,
                    expired_at__isnull=True,
                ),
                name="invitation_one_open_per_centre_and_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} invited to {self.centre.number} as {self.get_role_display()}"

    @staticmethod
    def digest(token: str) -> str:
        """What is stored of the emailed link's secret: its SHA-256, never the secret itself."""
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    @property
    def is_open(self) -> bool:
        """Not yet accepted, declined, withdrawn or found expired (it may be past its date)."""
        return not (self.accepted_at or self.declined_at or self.withdrawn_at or self.expired_at)

    def state(self, now: datetime) -> InvitationState:
        if self.accepted_at:
            return InvitationState.ACCEPTED
        if self.declined_at:
            return InvitationState.DECLINED
        if self.withdrawn_at:
            return InvitationState.WITHDRAWN
        if self.expired_at or now >= self.expires_at:
            return InvitationState.EXPIRED
        return InvitationState.INVITED
