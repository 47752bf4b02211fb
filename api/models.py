"""Personal API tokens: how a centre's management information system signs in to the API."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """A personal token for the REST API, acting as its user at one centre.

    Only a SHA-256 digest of the secret is kept: the token is shown once, when it is created.
    `prefix` is the public part of the token, used to find the row without scanning digests.
    The token acts through the user's membership at `centre`, read again on every request, so a
    role removed or changed at the centre takes effect at once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    centre = models.ForeignKey("accounts.Centre", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) for {self.user}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def status_label(self) -> str:
        if self.revoked_at is not None:
            return "Revoked"
        if self.is_expired:
            return "Expired"
        return "Active"


def name_limit() -> int:
    """The longest name a token may have: the page's form, the action and their messages take
    it from the model."""
    field = ApiToken._meta.get_field("name")
    assert isinstance(field, models.CharField) and field.max_length is not None
    return field.max_length
