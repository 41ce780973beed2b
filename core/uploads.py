"""Uploaded files (meeting attachments, indicator evidence): checked, cleaned, served;
and imports' files kept between their check and its confirmation.

What a file may be is decided from its bytes, not its name. Accepted: PDF, JPEG, PNG
and the Office Open XML documents (docx, xlsx, pptx). A file whose content is not one
of these is refused whatever it is called, so a renamed executable (``report.pdf``
that starts with ``MZ``), an HTML page or an SVG (both can carry script) never reaches
the storage. Images are decoded and written again by Pillow, which drops EXIF (a
phone's GPS position) and anything hidden after the picture. The name is the last
part of what the browser sent, without control characters, cut to a sane length.

Files go back to users only through scoped views, as downloads (``file_response``):
``Content-Disposition: attachment``, ``nosniff`` and a ``sandbox`` policy, so that
even a file that slipped through could not run script in another user's browser.
"""

import datetime
import io
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_NAME_LENGTH = 120
# A picture larger than this (a "decompression bomb" of a few KB) is refused.
MAX_IMAGE_PIXELS = 50_000_000
FILE_RESPONSE_POLICY = "sandbox; default-src 'none'"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extensions: tuple[str, ...]
    label: str


PDF = FileKind("application/pdf", ("pdf",), "PDF")
JPEG = FileKind("image/jpeg", ("jpg", "jpeg"), "JPEG")
PNG = FileKind("image/png", ("png",), "PNG")
DOCX = FileKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",), "Word"
)
XLSX = FileKind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",), "Excel"
)
PPTX = FileKind(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ("pptx",),
    "PowerPoint",
)
# The folder an Office Open XML package keeps its main part in.
OFFICE_PARTS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.pptx"


def detect_kind(upload) -> FileKind | None:
    """The kind of file ``upload`` really is, from its first bytes (and its zip parts)."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as package:
                names = package.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" not in names:
            return None
        for prefix, kind in OFFICE_PARTS.items():
            if any(name.startswith(prefix) for name in names):
                return kind
    return None


def validate_upload(upload) -> FileKind:
    """The file's kind, or a ValidationError in Thai saying why it is refused."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("ไฟล์ใหญ่เกิน %(mb)s MB") % {"mb": MAX_BYTES // (1024 * 1024)}, code="too_large"
        )
    if upload.size == 0:
        raise ValidationError(_("ไฟล์ว่างเปล่า"), code="empty")
    kind = detect_kind(upload)
    if kind is None:
        raise ValidationError(
            _("รับเฉพาะไฟล์ PDF รูปภาพ JPEG/PNG และเอกสาร Word Excel PowerPoint (.docx .xlsx .pptx)"),
            code="wrong_type",
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in kind.extensions:
        raise ValidationError(
            _("นามสกุลไฟล์ (.%(ext)s) ไม่ตรงกับเนื้อไฟล์ซึ่งเป็น %(kind)s")
            % {"ext": extension or "-", "kind": kind.label},
            code="wrong_extension",
        )
    return kind


def safe_name(name: str) -> str:
    """The file name to keep: no folders ("../../etc/passwd"), no control or
    direction characters, no leading dots, at most MAX_NAME_LENGTH characters with the
    extension kept."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = PureWindowsPath(PurePosixPath(name).name).name
    name = _CONTROL.sub("", name).strip().lstrip(".").strip()
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        stem, extension = name, ""
    extension = extension[:10]
    stem = stem[: MAX_NAME_LENGTH - len(extension) - 1].strip() or "file"
    return f"{stem}.{extension}" if extension else stem


def cleaned_upload(upload) -> tuple[FileKind, ContentFile]:
    """The checked upload as it will be stored: kind from the bytes, a safe name, and
    images written again without their metadata. Raises ValidationError in Thai."""
    kind = validate_upload(upload)
    name = safe_name(upload.name)
    if kind in (JPEG, PNG):
        return kind, ContentFile(_reencoded(upload, kind), name=name)
    upload.seek(0)
    return kind, ContentFile(upload.read(), name=name)


def _reencoded(upload, kind: FileKind) -> bytes:
    refused = ValidationError(
        _("อ่านรูปภาพนี้ไม่ได้ หรือรูปมีขนาดใหญ่เกินไป กรุณาบันทึกรูปใหม่แล้วแนบอีกครั้ง"),
        code="bad_image",
    )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise refused
            image.load()
            if kind is JPEG and image.mode not in ("RGB", "L", "CMYK"):
                image = image.convert("RGB")
            output = io.BytesIO()
            # No exif=, no info: what the camera or an attacker put beside the pixels
            # (GPS position, comments, trailing data) is not written again.
            image.save(output, format="JPEG" if kind is JPEG else "PNG", quality=90)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise refused from None
    finally:
        upload.seek(0)
    return output.getvalue()


def file_response(content: bytes | File, *, content_type: str, filename: str) -> HttpResponse:
    """A stored file as a download that no browser renders or runs in the portal's origin.

    ``content`` is the bytes, or a stored file opened for reading: that one is streamed
    in blocks (and closed at the end), so a large file from the object store never sits
    whole in a web process's memory.
    """
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = FileResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_RESPONSE_POLICY
    return response


# --- Files kept between a check and its confirmation -------------------------------------
#
# An import is checked first and written only when the user confirms; the file they chose
# is kept on the server in between (and for a retry after a failed check), so that they
# never pick it again. A kept file belongs to one user: its path holds their id and a
# random token, and only that user's requests read it. It goes when the import is
# confirmed, and after KEPT_FOR in any case (swept whenever a file is kept, and refused
# when read).

KEPT_FOR = datetime.timedelta(days=1)
KEPT_FOLDER = "kept-uploads"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class KeptUpload:
    token: str
    name: str
    data: bytes


def _kept_path(user, purpose: str, token: str, part: str) -> str:
    return f"{KEPT_FOLDER}/{int(user.pk)}/{purpose}-{token}.{part}"


def keep_upload(*, user, purpose: str, name: str, data: bytes) -> KeptUpload:
    """Keep ``data`` for ``user`` until confirmed or a day has passed; its token names it."""
    discard_expired_uploads()
    token = secrets.token_urlsafe(24)
    name = safe_name(name)
    default_storage.save(_kept_path(user, purpose, token, "data"), ContentFile(data))
    default_storage.save(_kept_path(user, purpose, token, "name"), ContentFile(name.encode()))
    return KeptUpload(token=token, name=name, data=data)


def kept_upload(*, user, purpose: str, token: str) -> KeptUpload | None:
    """The file ``user`` kept under ``token``; None if it is not theirs, gone or expired."""
    if not token or not _TOKEN.fullmatch(token) or not user.is_authenticated:
        return None
    data_path = _kept_path(user, purpose, token, "data")
    try:
        if timezone.now() - default_storage.get_modified_time(data_path) > KEPT_FOR:
            discard_upload(user=user, purpose=purpose, token=token)
            return None
        with default_storage.open(data_path) as data_file:
            data = data_file.read()
        with default_storage.open(_kept_path(user, purpose, token, "name")) as name_file:
            name = name_file.read().decode()
    except (FileNotFoundError, OSError):
        return None
    return KeptUpload(token=token, name=name, data=data)


def discard_upload(*, user, purpose: str, token: str) -> None:
    if not token or not _TOKEN.fullmatch(token):
        return
    for part in ("data", "name"):
        path = _kept_path(user, purpose, token, part)
        if default_storage.exists(path):
            default_storage.delete(path)


def discard_expired_uploads() -> int:
    """Delete every kept file older than KEPT_FOR; how many were deleted."""
    deleted = 0
    if not default_storage.exists(KEPT_FOLDER):
        return deleted
    oldest = timezone.now() - KEPT_FOR
    folders, _files = default_storage.listdir(KEPT_FOLDER)
    for folder in folders:
        _subfolders, names = default_storage.listdir(f"{KEPT_FOLDER}/{folder}")
        for name in names:
            path = f"{KEPT_FOLDER}/{folder}/{name}"
            try:
                if default_storage.get_modified_time(path) < oldest:
                    default_storage.delete(path)
                    deleted += 1
            except (FileNotFoundError, OSError):
                continue
    return deleted
