"""The shape of a personal API token and how it is kept.

A token reads ``cct_<prefix>_<secret>``: the prefix (12 hex characters) finds the row, the secret
(43 URL-safe characters, 256 random bits) proves it. Only the SHA-256 digest of the whole token is
stored. A fast digest is enough here, unlike for passwords: the secret is random and long, so
there is nothing to guess, and each API request can check it cheaply.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

SCHEME = "cct"


@dataclass(frozen=True)
class NewToken:
    prefix: str
    digest: str
    plaintext: str


def digest_of(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def generate() -> NewToken:
    prefix = secrets.token_hex(6)
    plaintext = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    return NewToken(prefix=prefix, digest=digest_of(plaintext), plaintext=plaintext)


def prefix_of(plaintext: str) -> str | None:
    """The prefix of a well-formed token, or None for anything else."""
    scheme, _, rest = plaintext.partition("_")
    prefix, _, secret = rest.partition("_")
    if scheme != SCHEME or len(prefix) != 12 or not secret:
        return None
    if any(c not in "0123456789abcdef" for c in prefix):
        return None
    return prefix


def matches(plaintext: str, digest: str) -> bool:
    return hmac.compare_digest(digest_of(plaintext), digest)
