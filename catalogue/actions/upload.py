"""A qualification file uploaded on operations' pages: checked and previewed, then loaded.

Nothing changes until operations confirm. The confirmation carries the digest of the file that
was previewed; the file is read and checked again from the text kept for it, so what is loaded
is exactly the file previewed, checked as the command would check it.
"""

import hashlib
from dataclasses import dataclass

from accounts.models import User
from accounts.permissions import require_operations
from common.errors import Conflict, DomainErrors, FieldError

from ..structure import Problem, QualificationStructure, described, parse_text
from ..structure.problems import refusal
from .loading import LoadOutcome, load_qualification_structure, plan_load

#: The largest file taken, in bytes; a qualification of hundreds of units is a few tens of KB.
MAX_FILE_BYTES = 1_000_000


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode(data: bytes) -> str:
    """The uploaded bytes as text: UTF-8, a byte order mark allowed (as Excel writes)."""
    if len(data) > MAX_FILE_BYTES:
        raise DomainErrors(
            [FieldError("The selected file must be smaller than 1 MB", field="file")]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise refusal(
            [Problem(None, "", f"the file is not UTF-8 text (byte {error.start})")]
        ) from None


def _parse(text: str, name: str) -> QualificationStructure:
    """The checked file; every problem of a file refused says where it is, as the command
    prints it ("line 6, units[2].title: must not be empty")."""
    try:
        return parse_text(text, name=name)
    except DomainErrors as error:
        raise DomainErrors(
            [
                FieldError(place, code=e.code, row=e.row)
                for place, e in zip(described(error), error.errors, strict=True)
            ],
            message=error.message,
            code=error.code,
        ) from None


@dataclass(frozen=True)
class Preview:
    """A checked file and what loading it would change."""

    structure: QualificationStructure
    outcome: LoadOutcome
    digest: str


def preview_file(*, acting_user: User, text: str, name: str) -> Preview:
    """Check the file as `load_qualification` does and say what it would change; changes
    nothing. A file with problems is refused with every problem (its line and place)."""
    require_operations(acting_user)
    if not name.lower().endswith((".json", ".csv")):
        raise DomainErrors(
            [FieldError("The selected file must be a JSON or CSV file", field="file")]
        )
    structure = _parse(text, name)
    return Preview(structure, plan_load(structure=structure, acting_user=acting_user), digest(text))


def load_file(*, acting_user: User, text: str, name: str, previewed: str) -> LoadOutcome:
    """Load the file previewed, checked again; refused if it is not the file previewed."""
    require_operations(acting_user)
    if not text:
        raise Conflict(
            "Another file was loaded after this preview, or the preview has expired: upload the "
            "file again",
            field="file",
            code="stale_preview",
        )
    if digest(text) != previewed:
        raise Conflict(
            "Another file was previewed after this one: upload the file again to see what it "
            "changes",
            field="file",
            code="stale_preview",
        )
    structure = _parse(text, name)
    return load_qualification_structure(structure=structure, acting_user=acting_user, source=name)
