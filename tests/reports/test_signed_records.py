"""Certified minutes signed as PAdES records with a real test PKI (certomancer's CAs,
timestamp authority, OCSP responder and CRLs served over HTTP), checked back with
pyHanko's validator: intact, one byte changed, an incremental update adding a page or an
annotation, revoked and expired at signing; the record is stored once with its SHA-256,
and an amendment is a new version naming the one it replaces."""

import hashlib
import io

import pikepdf
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText

from meetings.services import minutes_amend
from reports import signed_records
from reports.models import ReportStatus, SignedRecord
from reports.signing import keys
from reports.signing.sign import CertificateRejected, sign_pdf
from reports.signing.verify import verify_pdf
from tests.reports.factories import minutes_meeting
from tests.reports.signed import certified_record, minimal_pdf, record_content
from tests.reports.test_archival_pdf import certify


@pytest.mark.django_db
def test_certifying_minutes_makes_a_signed_pdf_a_record(
    signing, province_a, officer_a, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        "reports.tasks.signed_record_make_task.delay", lambda record_id: sent.append(record_id)
    )
    # Given province A's certificate; when minutes are certified and the worker runs
    with django_capture_on_commit_callbacks(execute=True):
        meeting = certify(minutes_meeting(province_a, officer=officer_a), officer=officer_a)
    record = SignedRecord.objects.get(meeting=meeting)
    assert sent == [record.pk]  # the task was queued after the commit, not run in the request
    record = signed_records.signed_record_make(record_id=record.pk)
    # then the record is stored once, with its checksum and the signature's level
    assert record.status == ReportStatus.DONE, record.error
    content = record_content(record)
    assert record.sha256 == hashlib.sha256(content).hexdigest() and record.size == len(content)
    assert record.signature_level == "B-LT"  # the test CA publishes OCSP and CRLs
    assert record.version == 1 and record.replaces is None
    # the file is still PDF/A-3b with the record attached
    pdf = pikepdf.open(io.BytesIO(content))
    meta = pdf.open_metadata()
    assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "B")
    assert "/OutputIntents" in pdf.Root and "/AF" in pdf.Root
    # and the visible block says who certified, when (BE), the holder and where to verify
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    flat = "".join(text.split())
    assert "ผู้ถือใบรับรองสำนักงานจังหวัดนครพนม(ทดสอบ)" in flat
    assert f"บันทึกการรับรองโดย{meeting.certified_by}".replace(" ", "") in flat
    assert "พ.ศ.25" in flat
    assert f"/verify/{record.public_id}/" in flat
    # pyHanko's validator: ours, intact, unchanged, timestamped, the certificate valid then
    result = verify_pdf(content)
    assert result.verdict == "ok", result
    assert result.issued_here and result.intact and result.unchanged
    assert result.timestamp_trusted and result.signed_at is not None
    assert result.signer == "สำนักงานจังหวัดนครพนม (ทดสอบ)"
    assert result.record == record


@pytest.mark.django_db
def test_one_changed_byte_is_told(
    signing, province_a, officer_a, django_capture_on_commit_callbacks
):
    _meeting, record = certified_record(province_a, officer_a, django_capture_on_commit_callbacks)
    content = bytearray(record_content(record))
    # A byte of the page content, inside what was signed (before the signature's hole).
    reader_range = verify_pdf(bytes(content))
    assert reader_range.verdict == "ok"
    position = content.index(b"stream\n", 2000) + 40
    content[position] ^= 0x01
    result = verify_pdf(bytes(content))
    assert not result.intact and result.verdict == "changed"


@pytest.mark.django_db
@pytest.mark.parametrize("addition", ["page", "annotation"])
def test_an_incremental_update_after_signing_is_told(
    addition, signing, province_a, officer_a, django_capture_on_commit_callbacks
):
    _meeting, record = certified_record(province_a, officer_a, django_capture_on_commit_callbacks)
    original = record_content(record)
    writer = PdfWriter(io.BytesIO(original), incremental=True)
    if addition == "page":
        writer.add_blank_page()
    else:
        writer.add_annotation(0, FreeText(text="แก้ไขแล้ว", rect=(50, 50, 200, 100)))
    output = io.BytesIO()
    writer.write(output)
    changed = output.getvalue()
    assert changed.startswith(original)  # an incremental update: the signed bytes remain
    result = verify_pdf(changed)
    # The signed revision is intact, the record is still recognised, but the file changed.
    assert result.intact and result.issued_here and result.record == record
    assert not result.unchanged and result.verdict == "changed"
    assert result.changes in ("annotations", "other")


def _signed_with(label, signing, tmp_path, *, embed_revocation):
    from pyhanko.sign.timestamps import HTTPTimeStamper

    with keys.open_signer(signing(label)) as signer:
        return sign_pdf(
            minimal_pdf(),
            signer=signer,
            timestamper=HTTPTimeStamper(signing.pki.tsa_url),
            reason="test",
            location="นครพนม",
            contact="",
            name=label,
            chain=[signing.pki.cert("interm"), signing.pki.cert("root")],
            embed_revocation=embed_revocation,
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "problem"), [("signer-revoked", "revoked"), ("signer-expired", "expired")]
)
def test_a_certificate_revoked_or_expired_at_signing_is_told(label, problem, signing, tmp_path):
    # The portal refuses to sign with it
    with pytest.raises(CertificateRejected):
        _signed_with(label, signing, tmp_path, embed_revocation=None)
    # and a file signed with it anyway is intact but its certificate was not valid then
    signed = _signed_with(label, signing, tmp_path, embed_revocation=False)
    result = verify_pdf(signed.content)
    assert result.intact and result.issued_here and result.timestamp_trusted
    assert not result.certificate_valid and result.certificate_problem == problem
    assert result.verdict == "invalid"


@pytest.mark.django_db
def test_a_revoked_certificate_fails_the_record_with_a_thai_message(
    signing, province_a, officer_a, django_capture_on_commit_callbacks
):
    signing("signer-revoked")
    _meeting, record = certified_record(province_a, officer_a, django_capture_on_commit_callbacks)
    assert record.status == ReportStatus.FAILED and not record.file
    assert "เพิกถอนหรือหมดอายุ" in record.error


@pytest.mark.django_db
def test_an_amendment_is_a_new_signed_version_and_the_old_stays(
    signing, province_a, officer_a, django_capture_on_commit_callbacks
):
    meeting, first = certified_record(province_a, officer_a, django_capture_on_commit_callbacks)
    first_content = record_content(first)
    item = meeting.agenda_items.filter(part=4).first()
    with django_capture_on_commit_callbacks(execute=False):
        minutes_amend(
            agenda_item=item,
            field_name="resolution",
            text="ที่ประชุมมีมติอนุมัติตามที่เสนอ (แก้ไข)",
            reason="แก้ไขมติให้ตรงกับที่ประชุม",
            amended_by=officer_a,
        )
    second = SignedRecord.objects.get(meeting=meeting, version=2)
    assert second.replaces == first and second.reason == "แก้ไขมติให้ตรงกับที่ประชุม"
    second = signed_records.signed_record_make(record_id=second.pk)
    assert second.status == ReportStatus.DONE, second.error
    assert "(แก้ไข)" in "".join(p.extract_text() for p in PdfReader(second.file.open("rb")).pages)
    first.refresh_from_db()
    assert record_content(first) == first_content  # the old version never changes
    assert verify_pdf(record_content(second)).record == second
