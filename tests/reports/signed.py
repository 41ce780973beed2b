"""Helpers of the signing tests: a certified meeting with its signed record made."""

from reports import signed_records
from reports.models import ReportStatus, SignedRecord
from tests.reports.factories import minutes_meeting
from tests.reports.test_archival_pdf import certify


def certified_record(province, officer, django_capture_on_commit_callbacks, username="checker"):
    """Minutes certified, their record queued after the commit and then made."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting = certify(
            minutes_meeting(province, officer=officer), officer=officer, checker_username=username
        )
    record = SignedRecord.objects.get(meeting=meeting)
    assert record.status == ReportStatus.QUEUED and callbacks  # sent to the worker after commit
    return meeting, signed_records.signed_record_make(record_id=record.pk)


def record_content(record) -> bytes:
    with record.file.open("rb") as file:
        return file.read()
