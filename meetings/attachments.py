"""What a meeting attachment may be, decided from its bytes, not its name.

Accepted: PDF, JPEG, PNG and the Office Open XML documents (docx, xlsx, pptx). A file
whose content is not one of these is refused whatever it is called, so a renamed
executable (``report.pdf`` that starts with ``MZ``) never reaches the storage.
"""

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024


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
