"""Uploaded files: the type is decided from the content, never the name; kept out of any URL.

Every app's upload field validates with `check_upload` and stores with `private_storage`;
files go back to people only through a view that checks access and answers with
`Content-Disposition: attachment` (`attachment_response`).
"""

from __future__ import annotations

import io
import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse
from django.utils.deconstruct import deconstructible

MAX_UPLOAD_MB = 10
# extension → (label, leading bytes the content must start with; None: plain text)
FILE_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("PDF", (b"%PDF-",)),
    ".docx": ("Word", (b"PK\x03\x04",)),
    ".xlsx": ("Excel", (b"PK\x03\x04",)),
    ".pptx": ("PowerPoint", (b"PK\x03\x04",)),
    ".odt": ("OpenDocument", (b"PK\x03\x04",)),
    ".ods": ("OpenDocument", (b"PK\x03\x04",)),
    ".png": ("PNG", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("JPEG", (b"\xff\xd8\xff",)),
    ".jpeg": ("JPEG", (b"\xff\xd8\xff",)),
    ".txt": ("text", None),
    ".csv": ("CSV", None),
}
ACCEPTED = (
    "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument, PNG, JPEG, text or CSV"
)
EXECUTABLE = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")
MARKUP = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<iframe")
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 100  # a document that inflates more than 100-fold is treated as a zip bomb


def check_upload(upload, *, max_mb: int = MAX_UPLOAD_MB) -> None:
    """Refuse, with a message naming the file, anything that is not what it says it is."""
    name = upload.name
    extension = os.path.splitext(name)[1].lower()
    if extension not in FILE_TYPES:
        raise ValidationError(f"“{name}” is not a file type we accept. Send {ACCEPTED}.")
    if upload.size == 0:
        raise ValidationError(f"“{name}” is empty. Choose the file again.")
    if upload.size > max_mb * 1024 * 1024:
        size = upload.size / (1024 * 1024)
        raise ValidationError(
            f"“{name}” is {size:.1f} MB: each file must be {max_mb} MB or smaller."
        )
    label, signatures = FILE_TYPES[extension]
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if head.startswith(EXECUTABLE):
        raise ValidationError(f"“{name}” is a program, not a {label} file. It was not accepted.")
    if signatures is None:
        if b"\x00" in head or head.lstrip().lower().startswith(MARKUP):
            raise ValidationError(f"“{name}” is not a plain {label} file.")
    elif not head.startswith(signatures):
        raise ValidationError(f"“{name}” is not a real {label} file. Check it opens, then send it.")
    if signatures and signatures[0].startswith(b"PK"):
        _check_document_zip(upload, name, label)


def _check_document_zip(upload, name: str, label: str) -> None:
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.read()))
        entries = archive.infolist()
    except zipfile.BadZipFile:
        raise ValidationError(f"“{name}” is a damaged {label} file.") from None
    finally:
        upload.seek(0)
    unzipped = sum(entry.file_size for entry in entries)
    if unzipped > MAX_UNZIPPED or unzipped > MAX_RATIO * max(upload.size, 1):
        raise ValidationError(f"“{name}” unpacks to far more than its size: it was not accepted.")
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names and "mimetype" not in names:
        raise ValidationError(f"“{name}” is a zip file, not a {label} document.")


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under var/uploads/: no URL at all, so only an access-checked view can serve them."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    # Read the setting on every use, so a test (or a deployment) can move the folder.
    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_UPLOADS_DIR)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name):  # pragma: no cover - a guard: nothing may link to a private file
        raise ValueError("Private uploads have no URL: serve them through an access-checked view.")


private_storage = PrivateStorage()


def attachment_response(field_file, filename: str) -> FileResponse:
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
