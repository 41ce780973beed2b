"""Every upload (meeting attachments, indicator evidence) is checked from its bytes,
limited in size with a Thai message, stored under a safe name, images re-encoded
without their metadata; every download is an attachment that cannot run script."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.uploads import FILE_RESPONSE_POLICY, MAX_BYTES, MAX_NAME_LENGTH, safe_name
from meetings.models import Attachment
from meetings.services import attachment_add
from programs.models import IndicatorAttachment
from tests.meetings.factories import CommitteeFactory, make_meeting
from tests.programs.factories import IndicatorResultFactory
from tests.reports.factories import done_job

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!doctype html><html><body><script>fetch('/api/v1/me/')</script></body></html>"


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010E] = "รูปกิจกรรม"  # ImageDescription
    exif[0x8825] = {1: "N", 2: (17.0, 24.0, 0.0)}  # GPS: where the officer's phone was
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue() + b"<script>alert(1)</script>"  # trailing payload


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b""))  # fmt: skip


@pytest.fixture
def meeting_a(province_a):
    return make_meeting(CommitteeFactory(provinces=[province_a]))


@pytest.fixture
def result_a(province_a, officer_a):
    return IndicatorResultFactory(province=province_a, entered_by=officer_a)


def upload_evidence(client, result, name, content):
    return client.post(
        reverse("programs:result_attachment_add", args=[result.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def upload_to_meeting(client, meeting, name, content):
    return client.post(
        reverse("meetings:attachment_add", args=[meeting.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [("evidence.svg", SVG), ("evidence.pdf", SVG), ("page.html", HTML), ("page.pdf", HTML),
     ("run.exe", b"MZ\x90\x00"), ("empty.pdf", b"")],
)  # fmt: skip
def test_script_carrying_or_unknown_files_are_refused_everywhere(
    client, officer_a, meeting_a, result_a, name, content
):
    client.force_login(officer_a)

    evidence = upload_evidence(client, result_a, name, content)
    attachment = upload_to_meeting(client, meeting_a, name, content)

    for response in (evidence, attachment):
        assert response.status_code == 200
        text = response.content.decode()
        # Ours, or Django's own for an empty file ("ไฟล์ที่ส่งว่างเปล่า").
        assert "รับเฉพาะไฟล์ PDF" in text or "ว่างเปล่า" in text
    assert not IndicatorAttachment.objects.exists()
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused_in_thai(client, officer_a, result_a):
    client.force_login(officer_a)

    response = upload_evidence(client, result_a, "big.pdf", b"%PDF-" + b"0" * MAX_BYTES)

    assert "ไฟล์ใหญ่เกิน 10 MB" in response.content.decode()
    assert not IndicatorAttachment.objects.exists()


def test_images_are_written_again_without_exif_or_trailing_data(officer_a, meeting_a):
    attachment = attachment_add(
        meeting=meeting_a, file=SimpleUploadedFile("ภาพ.jpg", jpeg_with_gps()),
        uploaded_by=officer_a,
    )  # fmt: skip

    stored = attachment.file.open("rb").read()
    assert b"<script>" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (40, 30)
        assert not image.getexif()
    assert attachment.content_type == "image/jpeg"


def test_evidence_images_are_cleaned_too(client, officer_a, result_a):
    client.force_login(officer_a)

    upload_evidence(client, result_a, "ภาพ.jpg", jpeg_with_gps())

    stored = IndicatorAttachment.objects.get().file.open("rb").read()
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()


def test_a_decompression_bomb_is_refused(client, officer_a, result_a):
    client.force_login(officer_a)

    response = upload_evidence(client, result_a, "bomb.png", png_claiming(100_000, 100_000))

    assert "อ่านรูปภาพนี้ไม่ได้ หรือรูปมีขนาดใหญ่เกินไป" in response.content.decode()
    assert not IndicatorAttachment.objects.exists()


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\evil.pdf", "evil.pdf"),
        ("รายงาน\x00\x1f\x7f.pdf", "รายงาน.pdf"),
        ("invoice\u202efdp.exe.pdf", "invoicefdp.exe.pdf"),  # right-to-left override
        ("...hidden.pdf", "hidden.pdf"),
        ("", "file"),
        ("/", "file"),
    ],
)
def test_names_are_made_safe(sent, kept):
    assert safe_name(sent) == kept


def test_very_long_names_are_cut_keeping_the_extension():
    name = safe_name("ก" * 500 + ".pdf")

    assert len(name) == MAX_NAME_LENGTH and name.endswith(".pdf")


def test_a_traversal_name_is_stored_inside_the_upload_folder(officer_a, meeting_a, settings):
    attachment = attachment_add(
        meeting=meeting_a, file=SimpleUploadedFile("../../../../tmp/x.pdf", b"%PDF-1.4 x"),
        uploaded_by=officer_a,
    )  # fmt: skip

    assert attachment.original_name == "x.pdf"
    assert attachment.file.name.startswith("meeting-attachments/")
    assert ".." not in attachment.file.name
    assert attachment.file.path.startswith(str(settings.MEDIA_ROOT))


def _assert_download(response, content_type):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == FILE_RESPONSE_POLICY
    assert "sandbox" in FILE_RESPONSE_POLICY


def test_every_download_is_a_sandboxed_attachment(client, officer_a, meeting_a, result_a,
                                                  province_a):  # fmt: skip
    client.force_login(officer_a)
    upload_evidence(client, result_a, "หลักฐาน.pdf", b"%PDF-1.4 x")
    picture = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 90, 200)).save(picture, format="PNG")
    upload_to_meeting(client, meeting_a, "วาระ.png", picture.getvalue())
    evidence = IndicatorAttachment.objects.get()
    attachment = Attachment.objects.get()
    job = done_job(province=province_a, requested_by=officer_a)

    _assert_download(
        client.get(reverse("programs:result_attachment_download", args=[evidence.pk])),
        "application/pdf",
    )
    _assert_download(
        client.get(reverse("meetings:attachment_download", args=[attachment.pk])), "image/png"
    )
    _assert_download(client.get(reverse("reports:job_download", args=[job.pk])), "application/pdf")
