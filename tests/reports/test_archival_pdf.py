"""Certified minutes as PDF/A-3b, read back with pikepdf: the sRGB output intent, the XMP
identification (part 3, conformance B) and Dublin Core metadata, every font embedded, the
record's data attached as JSON (AFRelationship /Source) equal to the record, and the Thai
text layer read back whole by the six readers."""

import datetime
import io
import json

import pikepdf
import pytest

from meetings.services import meeting_certify, meeting_check, meeting_submit
from reports.kinds.meeting_minutes import minutes_record_data
from reports.pdf.archival import RECORD_ATTACHMENT
from tests.accounts.factories import UserFactory
from tests.meetings.factories import make_meeting
from tests.reports import pdf_readers
from tests.reports.factories import minutes_meeting, rendered


def _render(meeting, *, user):
    """The archival PDF of certified minutes as the worker renders it before signing (a
    report job hands out the signed record instead: tests/reports/test_signed_downloads.py)."""
    from django.conf import settings
    from django.utils import translation

    from reports.kinds import registry
    from reports.pdf.render import html_to_pdf
    from reports.services import report_html

    kind = registry["minutes"]
    with translation.override("th"):
        parameters = kind.clean_parameters({"meeting": meeting.pk}, user=user)
        html = report_html(job_kind="minutes", parameters=parameters, user=user)
        pdf = html_to_pdf(
            html, base_url=str(settings.BASE_DIR), archival=kind.archival_record(parameters)
        )
    return parameters, pdf.content


def certify(meeting, *, officer, checker_username="minutes_checker"):
    """Meeting n submitted by ``officer``, checked and certified by another officer in
    meeting n+1 of the same committee."""
    meeting_submit(meeting=meeting, submitted_by=officer)
    checker = UserFactory(username=checker_username, role=officer.role, province=officer.province)
    meeting_check(meeting=meeting, checked_by=checker)
    following = make_meeting(meeting.committee, date=meeting.date + datetime.timedelta(days=30))
    meeting_certify(meeting=meeting, certifying_meeting=following, certified_by=checker)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def certified(province_a, officer_a):
    return certify(minutes_meeting(province_a, officer=officer_a), officer=officer_a)


def _attachment(pdf: pikepdf.Pdf) -> tuple[pikepdf.Dictionary, bytes]:
    (filespec,) = {
        f.objgen: f for f in pdf.Root.AF
    }.values()  # WeasyPrint lists the one file spec twice
    return filespec, filespec.EF.F.read_bytes()


@pytest.mark.django_db
def test_certified_minutes_are_pdf_a_3b_with_the_record_attached(certified, officer_a):
    # Given certified minutes; when their report is made
    _parameters, content = _render(certified, user=officer_a)
    pdf = pikepdf.open(io.BytesIO(content))
    # then the sRGB output intent of PDF/A
    (intent,) = pdf.Root.OutputIntents
    assert intent.S == "/GTS_PDFA1"
    assert "sRGB" in str(intent.OutputConditionIdentifier)
    assert intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"  # an ICC profile
    # the XMP says PDF/A-3B, and holds title, province, committee, n/BE year, dates
    meta = pdf.open_metadata()
    assert meta["pdfaid:part"] == "3"
    assert meta["pdfaid:conformance"] == "B"
    assert "1/2567" in meta["dc:title"]
    assert meta["dc:coverage"] == "นครพนม"
    assert meta["dc:identifier"] == "ครั้งที่ 1/2567"
    assert certified.committee.name in meta["dc:publisher"]
    assert meta["dc:date"][0] == "2024-12-12"
    assert meta["dc:date"][1].startswith(certified.certified_at.date().isoformat())
    # every font is embedded
    for page in pdf.pages:
        for _name, font in page.Resources.Font.items():
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    # and the record's data is attached as its source, equal to the record
    filespec, data = _attachment(pdf)
    assert filespec.AFRelationship == "/Source"
    assert str(filespec.UF if "/UF" in filespec else filespec.F) == RECORD_ATTACHMENT
    assert filespec.EF.F.Subtype == "/application/json"
    record = json.loads(data)
    assert record == json.loads(json.dumps(minutes_record_data(certified), default=str))
    assert record["meeting"]["number"] == 1 and record["meeting"]["year_be"] == 2567
    assert {line["status"] for line in record["attendance"]} >= {"present", "absent"}
    assert any(r["resolution"] for r in record["resolutions"])
    assert record["action_items"][0]["due_date"] == "2025-01-31"


@pytest.mark.django_db
def test_draft_minutes_stay_a_working_pdf(province_a, officer_a):
    meeting = minutes_meeting(province_a, officer=officer_a)
    _job, content = rendered("minutes", {"meeting": meeting.pk}, user=officer_a)
    pdf = pikepdf.open(io.BytesIO(content))
    assert "/OutputIntents" not in pdf.Root and "/AF" not in pdf.Root


@pytest.mark.django_db
@pytest.mark.parametrize("reader", pdf_readers.READERS)
def test_certified_minutes_read_back_in_every_reader(reader, certified, officer_a, tmp_path):
    from django.utils import translation

    from reports.kinds import registry
    from reports.services import report_html
    from tests.reports.test_text_layer import require

    require(reader)
    parameters, content = _render(certified, user=officer_a)
    with translation.override("th"):
        html = report_html(job_kind="minutes", parameters=parameters, user=officer_a)
    assert registry["minutes"].archival_record(parameters) is not None
    path = tmp_path / "minutes.pdf"
    path.write_bytes(content)
    verdict = pdf_readers.check(
        pdf_readers.extract(reader, path),
        pdf_readers.html_text(html),
        running=pdf_readers.running_texts(html),
    )
    assert verdict.lines > 10 and not verdict.bad, verdict
