"""Checks on uploaded candidate work: size, type by content, and a safe name to show.

The type is read from the file's first bytes (its "magic number"), not trusted from its name
or the browser: a PDF starts with "%PDF-", a PNG with its 8-byte signature, and so on. Word,
Excel and PowerPoint files are ZIP archives, told apart by the part each must contain. Only a
handful of types are accepted, so a small table beats a dependency on libmagic.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

from common.errors import DomainError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_DISPLAY_NAME = 100


@dataclass(frozen=True)
class FileType:
    label: str
    extension: str
    content_type: str
    # Opened in the browser; everything else is downloaded.
    inline: bool = False


PDF = FileType("PDF", ".pdf", "application/pdf", inline=True)
JPEG = FileType("JPEG", ".jpg", "image/jpeg", inline=True)
PNG = FileType("PNG", ".png", "image/png", inline=True)
DOCX = FileType(
    "Word (DOCX)",
    ".docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
XLSX = FileType(
    "Excel (XLSX)", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
PPTX = FileType(
    "PowerPoint (PPTX)",
    ".pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
)
ZIP = FileType("ZIP", ".zip", "application/zip")

ACCEPTED = (PDF, JPEG, PNG, DOCX, XLSX, PPTX, ZIP)
ACCEPTED_LABELS = "PDF, JPEG, PNG, DOCX, XLSX, PPTX or ZIP"
EXTENSIONS = {".jpeg": JPEG, **{t.extension: t for t in ACCEPTED}}

# The part each Office Open XML type must contain.
OOXML_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml", PPTX: "ppt/presentation.xml"}


def sniff(stream: IO[bytes]) -> FileType | None:
    """The accepted type the content is, or None. Leaves the stream at its start."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head == b"\x89PNG\r\n\x1a\n":
        return PNG
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(stream) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            stream.seek(0)
        for file_type, part in OOXML_PARTS.items():
            if part in names and "[Content_Types].xml" in names:
                return file_type
        return ZIP
    return None


_UNSAFE = re.compile(r"[^\w .()\-+,&']", re.UNICODE)


def display_name(original: str) -> str:
    """The uploaded file's name, made safe to show: no folders, control characters or markup.

    The file itself is stored under a name the server makes up; this is only shown to people.
    """
    name = (
        unicodedata.normalize("NFKC", original or "").replace("\u2019", "'").replace("\u2018", "'")
    )
    name = name.replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")
    if len(name) > MAX_DISPLAY_NAME:
        stem, dot, extension = name.rpartition(".")
        if dot and len(extension) <= 10:
            name = stem[: MAX_DISPLAY_NAME - len(extension) - 1] + "." + extension
        else:
            name = name[:MAX_DISPLAY_NAME]
    return name or "file"


def check_upload(*, name: str, size: int, stream: IO[bytes]) -> FileType:
    """The upload's type when it is within the limits; a DomainError about `file` otherwise."""
    if size <= 0:
        raise DomainError("The selected file is empty", field="file")
    if size > MAX_UPLOAD_BYTES:
        raise DomainError(
            f"The selected file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
            field="file",
        )
    file_type = sniff(stream)
    if file_type is None:
        raise DomainError(f"The selected file must be a {ACCEPTED_LABELS}", field="file")
    shown = display_name(name)
    extension = "." + shown.rpartition(".")[2].lower() if "." in shown else ""
    claimed = EXTENSIONS.get(extension)
    if claimed is None:
        raise DomainError(
            f"The selected file's name must end in its type: {ACCEPTED_LABELS}", field="file"
        )
    if claimed == ZIP and file_type in OOXML_PARTS:
        return ZIP  # an Office file is a ZIP archive too
    if claimed != file_type:
        raise DomainError(
            f"The selected file is named as a {claimed.label} file but its contents are not",
            field="file",
        )
    return file_type
