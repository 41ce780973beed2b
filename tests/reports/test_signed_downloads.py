"""Certified minutes downloaded from the page, the API or the CLI are the signed record:
the bytes and SHA-256 of the stored ``SignedRecord``, PDF/A-3b, with a PAdES signature
pyHanko validates against the test PKI's root. None of the paths renders them anew."""

import hashlib
import io
from unittest import mock

import pikepdf
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from reports import services, signed_records, tasks
from reports.models import ReportJob, ReportStatus, SignedRecord
from reports.signing.verify import verify_pdf
from tests.programs.test_api_programs import authenticated
from tests.reports.factories import minutes_meeting
from tests.reports.signed import certified_record, record_content
from tests.reports.test_archival_pdf import certify

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued():
    with mock.patch.object(tasks.report_job_render_task, "delay") as delay:
        yield delay


def _body(response) -> bytes:
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def assert_is_the_signed_record(content: bytes, record: SignedRecord, pki) -> None:
    record.refresh_from_db()
    assert record.status == ReportStatus.DONE, record.error
    assert content == record_content(record)
    assert hashlib.sha256(content).hexdigest() == record.sha256
    meta = pikepdf.open(io.BytesIO(content)).open_metadata()
    assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "B")
    (embedded,) = PdfFileReader(io.BytesIO(content), strict=False).embedded_signatures
    context = ValidationContext(trust_roots=[pki.cert("root")], allow_fetching=True)
    status = validate_pdf_signature(
        embedded, signer_validation_context=context, ts_validation_context=context
    )
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted
    assert verify_pdf(content).verdict == "ok"


def _run_jobs() -> list[ReportJob]:
    jobs = list(ReportJob.objects.filter(kind="minutes", status=ReportStatus.QUEUED))
    return [services.report_job_run(job_id=job.pk) for job in jobs]


def test_the_meeting_page_and_the_report_form_hand_out_the_signed_record(
    signing, province_a, officer_a, client, django_capture_on_commit_callbacks, queued
):
    # Given a minutes PDF made while the minutes were still a draft (a working render)
    meeting = minutes_meeting(province_a, officer=officer_a)
    client.force_login(officer_a)
    form = {"kind": "minutes", "meeting": meeting.pk}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:job_create"), form)
    (draft_job,) = _run_jobs()
    assert draft_job.status == ReportStatus.DONE
    # when the minutes are certified and their record signed
    with django_capture_on_commit_callbacks(execute=False):
        meeting = certify(meeting, officer=officer_a, checker_username="checker")
    record = signed_records.signed_record_make(
        record_id=SignedRecord.objects.get(meeting=meeting).pk
    )
    # then the meeting page links to the signed record, and that link serves it
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    download = reverse("reports:record_download", args=[record.pk])
    assert download in page
    assert_is_the_signed_record(_body(client.get(download)), record, signing.pki)
    # and asking the report form for the same minutes again is not handed the draft's
    # file, nor a new render: it is the signed record, byte for byte
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:job_create"), form)
    (job,) = _run_jobs()
    assert job.pk != draft_job.pk and job.status == ReportStatus.DONE
    assert job.checksum == record.sha256 and job.file.name == record.file.name
    content = _body(client.get(reverse("reports:job_download", args=[job.pk])))
    assert_is_the_signed_record(content, record, signing.pki)


def test_the_api_hands_out_the_signed_record(
    signing, province_a, officer_a, django_capture_on_commit_callbacks, queued
):
    meeting, record = certified_record(province_a, officer_a, django_capture_on_commit_callbacks)
    client = authenticated(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            "/api/v1/reports/",
            {"kind": "minutes", "parameters": {"meeting": meeting.pk}},
            format="json",
        )
    assert answer.status_code == 201, answer.json()
    _run_jobs()
    body = client.get(f"/api/v1/reports/{answer.json()['id']}/").json()
    assert body["status"] == "done" and body["download_url"]
    response = client.get(
        f"/api/v1/reports/{answer.json()['id']}/download/", HTTP_ACCEPT="application/pdf"
    )
    assert_is_the_signed_record(_body(response), record, signing.pki)


def test_the_cli_writes_the_signed_record(
    signing, province_a, officer_a, django_capture_on_commit_callbacks, tmp_path, queued
):
    meeting, record = certified_record(province_a, officer_a, django_capture_on_commit_callbacks)
    output = tmp_path / "minutes.pdf"
    call_command("render_report", "minutes", "--meeting", str(meeting.pk), "-o", str(output))
    assert_is_the_signed_record(output.read_bytes(), record, signing.pki)


def test_a_job_waits_for_a_record_still_being_signed_and_then_serves_it(
    signing, province_a, officer_a, django_capture_on_commit_callbacks, tmp_path, queued
):
    # Given certified minutes whose record the worker has not signed yet
    with django_capture_on_commit_callbacks(execute=False):
        meeting = certify(minutes_meeting(province_a, officer=officer_a), officer=officer_a)
    record = SignedRecord.objects.get(meeting=meeting)
    parameters = {"meeting": meeting.pk}
    # the CLI says so instead of writing an unsigned render
    with pytest.raises(CommandError, match="รอการลงนาม"):
        call_command(
            "render_report", "minutes", "--meeting", str(meeting.pk), "-o", str(tmp_path / "x")
        )
    assert not (tmp_path / "x").exists()
    # and a job is retried (not failed, nothing rendered) until the record is signed
    job = services.report_request(kind="minutes", parameters=parameters, user=officer_a)
    with pytest.raises(services.SignedRecordPending):
        services.report_job_run(job_id=job.pk)
    services.report_job_requeue(job_id=job.pk, message="รอการลงนาม")
    job.refresh_from_db()
    assert job.status == ReportStatus.QUEUED and not job.file
    signed_records.signed_record_make(record_id=record.pk)
    job = services.report_job_run(job_id=job.pk)
    assert job.status == ReportStatus.DONE
    with job.file.open("rb") as file:
        assert_is_the_signed_record(file.read(), record, signing.pki)


def test_a_job_of_minutes_whose_signing_failed_says_why(
    signing, province_a, officer_a, django_capture_on_commit_callbacks, queued
):
    signing("signer-revoked")
    meeting, record = certified_record(province_a, officer_a, django_capture_on_commit_callbacks)
    assert record.status == ReportStatus.FAILED
    job = services.report_request(
        kind="minutes", parameters={"meeting": meeting.pk}, user=officer_a
    )
    job = services.report_job_run(job_id=job.pk)
    assert job.status == ReportStatus.FAILED and not job.file
    assert "ลงนามรายงานการประชุมที่รับรองแล้วไม่สำเร็จ" in job.error
