"""Creating and revoking personal API tokens."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, User
from accounts.permissions import require_claims_role
from audit.actions import record
from common.errors import DomainError, NotFound

from . import tokens
from .models import ApiToken, name_limit

MAX_ACTIVE_TOKENS = 20
MAX_LIFETIME_DAYS = 366 * 2


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    plaintext: str


def _end_of(day: date) -> datetime:
    """A token that expires on a day can be used until that day ends, in the product's time."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def create_api_token(
    *, membership: Membership, name: str, expires_on: date | None, acting_user: User
) -> CreatedToken:
    """A new token acting as the user at the membership's centre. Its secret is returned once."""
    require_claims_role(membership)
    if membership.user_id != acting_user.pk:
        raise NotFound("Membership not found")
    name = " ".join(name.split())
    if not name:
        raise DomainError("Enter a name for the token", field="name")
    if len(name) > name_limit():
        raise DomainError(f"Name must be {name_limit()} characters or fewer", field="name")
    today = timezone.localdate()
    if expires_on is not None:
        if expires_on <= today:
            raise DomainError("The expiry date must be in the future", field="expires_on")
        if expires_on > today + timedelta(days=MAX_LIFETIME_DAYS):
            raise DomainError(
                "The expiry date must be within 2 years from today", field="expires_on"
            )
    with transaction.atomic():
        active = [
            t
            for t in ApiToken.objects.select_for_update().filter(
                user=acting_user, revoked_at__isnull=True
            )
            if not t.is_expired
        ]
        if len(active) >= MAX_ACTIVE_TOKENS:
            raise DomainError(
                f"You already have {MAX_ACTIVE_TOKENS} active tokens: revoke one you no longer "
                "use first",
                field="name",
                code="too_many_tokens",
            )
        new = tokens.generate()
        token = ApiToken.objects.create(
            user=acting_user,
            centre=membership.centre,
            name=name,
            prefix=new.prefix,
            digest=new.digest,
            expires_at=_end_of(expires_on) if expires_on else None,
        )
        record(
            actor=acting_user,
            centre=membership.centre,
            action="api_token.created",
            obj=token,
            summary=f"Created API token {name} ({new.prefix})",
            changes={"expires_on": expires_on.isoformat() if expires_on else None},
        )
    return CreatedToken(token=token, plaintext=new.plaintext)


def revoke_api_token(*, token_id: int, acting_user: User) -> ApiToken:
    """Revoke one of the user's own tokens; it is refused from the next request on."""
    with transaction.atomic():
        locked = (
            ApiToken.objects.select_for_update()
            .select_related("centre")
            .filter(user=acting_user, pk=token_id)
            .first()
        )
        if locked is None:
            # Anyone else's token is not found.
            raise NotFound("API token not found", field="token")
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        record(
            actor=acting_user,
            centre=locked.centre,
            action="api_token.revoked",
            obj=locked,
            summary=f"Revoked API token {locked.name} ({locked.prefix})",
        )
    return locked


def note_use(token: ApiToken) -> None:
    """Remember when a token was last used, at most once a minute so requests stay cheap."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
