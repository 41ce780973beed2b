"""Evidence photos from phones: checked from their bytes, re-encoded, metadata kept apart.

A phone's camera writes the capture time and, when location is on, the GPS position
into the photo's EXIF block. We read those into fields, then re-encode the pixels as a
plain JPEG: whatever else the file carried (other metadata, trailing data, anything
active) does not survive.
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from core.uploads import MAX_IMAGE_PIXELS

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
LONG_SIDE = 2048
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}


@dataclass
class EvidenceImage:
    image: Image.Image
    taken_at: datetime.datetime | None
    latitude: Decimal | None
    longitude: Decimal | None

    @classmethod
    def from_upload(cls, upload) -> "EvidenceImage":
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                {"image": _("ไฟล์ภาพใหญ่เกิน %(mb)s MB") % {"mb": MAX_UPLOAD_BYTES // 1024 // 1024}}
            )
        data = upload.read()
        try:
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ACCEPTED_FORMATS:
                raise UnidentifiedImageError(probe.format)
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise ValidationError({"image": _("ภาพมีขนาดพิกเซลใหญ่เกินไป")})
            probe.verify()
            image = Image.open(io.BytesIO(data))
            exif = image.getexif()
            image = ImageOps.exif_transpose(image)
            image.load()
        except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
            raise ValidationError(
                {"image": _("ไฟล์นี้ไม่ใช่ภาพถ่าย (รับเฉพาะ JPEG, PNG หรือ WebP)")}
            ) from None
        latitude, longitude = _gps(exif)
        return cls(image=image, taken_at=_taken_at(exif), latitude=latitude, longitude=longitude)

    def as_jpeg_file(self) -> ContentFile:
        image = self.image.convert("RGB")
        image.thumbnail((LONG_SIDE, LONG_SIDE))
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=85, optimize=True)
        return ContentFile(buffer.getvalue())


def _taken_at(exif: Image.Exif) -> datetime.datetime | None:
    raw = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal) or exif.get(
        ExifTags.Base.DateTime
    )
    try:
        naive = datetime.datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except (TypeError, ValueError):
        return None
    # Cameras write local time without a zone; the portal's zone is Thailand's.
    return timezone.make_aware(naive)


def _gps(exif: Image.Exif) -> tuple[Decimal | None, Decimal | None]:
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    try:
        latitude = _degrees(gps[ExifTags.GPS.GPSLatitude], gps[ExifTags.GPS.GPSLatitudeRef])
        longitude = _degrees(gps[ExifTags.GPS.GPSLongitude], gps[ExifTags.GPS.GPSLongitudeRef])
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None, None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None, None
    return latitude, longitude


def _degrees(dms, ref) -> Decimal:
    degrees, minutes, seconds = (float(part) for part in dms)
    value = degrees + minutes / 60 + seconds / 3600
    if str(ref).upper().startswith(("S", "W")):
        value = -value
    return Decimal(f"{value:.6f}")
