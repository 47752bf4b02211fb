"""The public look-up of `/verify/`: a certificate number, the holder's surname and date of
birth, and the answer.

Whichever of the three is wrong, the answer is the same "not found", with the same status and
the same work done: one query by number, both comparisons made in constant time whether or not
a certificate was found, and one audit event. The audit keeps the number typed and the answer,
never the surname or date of birth typed (on a match they are the record's; on a mismatch
somebody's guess), nor the address the look-up came from.
"""

import hmac
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent

from .. import numbers
from ..models import Certificate

NOT_FOUND = "not_found"


@dataclass(frozen=True)
class Answer:
    """What `/verify/` shows: the certificate when all three match, else nothing."""

    number: str
    certificate: Certificate | None

    @property
    def outcome(self) -> str:
        return self.certificate.status if self.certificate is not None else NOT_FOUND


def _surname_key(surname: str) -> bytes:
    """A surname compared as people type it: case, accents' forms, curly apostrophes and
    spacing do not matter."""
    text = unicodedata.normalize("NFKC", surname).replace("\u2019", "'").casefold()
    return " ".join(text.split()).encode()


def verify_certificate(
    *, number: str, surname: str, date_of_birth: date, acting_user: AbstractBaseUser | None
) -> Answer:
    """Look a certificate up as `/verify/` does. `number` is canonical and valid (the form's
    check); `acting_user` is whoever is signed in, or None."""
    with transaction.atomic():
        found = (
            Certificate.objects.published()
            .select_related("candidate", "qualification")
            .filter(number=number)
            .first()
        )
        expected_surname = _surname_key(found.last_name if found else "\0")
        expected_born = (found.candidate.date_of_birth if found else date.min).isoformat()
        surname_matches = hmac.compare_digest(_surname_key(surname), expected_surname)
        born_matches = hmac.compare_digest(date_of_birth.isoformat(), expected_born)
        matched = found if (found is not None) & surname_matches & born_matches else None
        answer = Answer(number=number, certificate=matched)
        AuditEvent.objects.create(
            actor_id=acting_user.pk if acting_user is not None else None,
            centre_id=matched.centre_id if matched is not None else None,
            action="certificate.verified",
            object_type=Certificate._meta.label_lower,
            object_id=str(matched.pk) if matched is not None else "",
            summary=f"Certificate {numbers.formatted(number)} looked up on the verification "
            f"page: {answer.outcome.replace('_', ' ')}",
            changes={"number": number, "answer": answer.outcome, "at": timezone.now().isoformat()},
        )
    return answer
