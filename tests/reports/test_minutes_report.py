"""Kind 2, the minutes of a meeting in the layout of Form 11, checked in the PDF as kinds 1
and 4 are: fonts, text layer equal to the source, no word split at a line end, BE dates,
page count, signature blocks kept whole, scope, data version and the command."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from meetings.services import agenda_item_update, attendance_record
from reports import services, tasks
from reports.kinds import registry
from reports.models import ReportJob, ReportStatus
from tests.reports.factories import (
    MINUTES_ATTENDEES,
    MINUTES_ITEMS,
    MINUTES_MEMBERS,
    minutes_meeting,
)
from tests.reports.factories import rendered as _render
from tests.reports.pdf_checks import (
    line_ends_inside_words,
    paragraph_lines,
    pdf_fonts,
    pdf_pages,
    pdf_text,
    squeeze,
    words_past_the_right_margin,
)


@pytest.fixture
def meeting_a(province_a, officer_a):
    return minutes_meeting(province_a, officer=officer_a)


@pytest.mark.django_db
def test_minutes_print_every_part_of_form_11_in_order(meeting_a, officer_a):
    # Given a meeting with attendance, five agenda parts, resolutions and the recorders;
    # when its minutes are rendered for its officer
    job, pdf = _render("minutes", {"meeting": meeting_a.pk}, user=officer_a)
    flat = squeeze(pdf_text(pdf))
    # then the header of Form 11: committee, number/year (BE), date (BE), place
    assert squeeze("รายงานการประชุมคณะกรรมการป้องกันและแก้ไขปัญหายาเสพติดแบบบูรณาการ") in flat
    assert "ครั้งที่1/2567" in flat
    assert "เมื่อวันพฤหัสบดีที่12ธันวาคมพ.ศ.2567" in flat
    assert squeeze("ณ ห้องประชุมลำดวนทอง โรงแรมพรหมพิมาน อำเภอเมืองนครพนม จังหวัดนครพนม") in flat
    # the attendance lists: present, the substitute with whom they replace, the absent
    # member with the reason, the non-member attendees
    present, substitute, absent, secretary = MINUTES_MEMBERS
    assert squeeze(f"{present[0]} {present[1]}") in flat
    assert squeeze(f"นางสาวนิติยา พงษ์พานิช รองนายแพทย์สาธารณสุขจังหวัด มาประชุมแทน {substitute[1]}") in flat
    assert squeeze(f"{absent[0]} {absent[1]} (ติดราชการสำคัญ)") in flat
    for name, position in MINUTES_ATTENDEES:
        assert squeeze(f"{name} {position}") in flat
    # every agenda item with its text and resolution, ำ and tone marks intact
    for _part, title, discussion, resolution in MINUTES_ITEMS:
        assert squeeze(title) in flat, title
        assert squeeze(discussion) in flat, discussion
        assert squeeze(f"มติที่ประชุม {resolution}") in flat, resolution
    assert "ดาเนิน" not in flat and "สานักงาน" not in flat
    # the parts of the form in their order, ending with the two signature blocks
    order = [
        "ผู้มาประชุม",
        "ผู้ไม่มาประชุม",
        "ผู้เข้าร่วมประชุม",
        "เริ่มประชุมเวลา9.30น.",
        *(f"ระเบียบวาระที่{n}" for n in range(1, 6)),
        "เลิกประชุมเวลา12.05น.",
        squeeze("( นางสาวสมหญิง ใจดี )"),
        "ผู้จดรายงานการประชุม",
        squeeze("( นายปรีดา วรหาร )"),
        "ผู้ตรวจรายงานการประชุม",
    ]
    positions = [flat.find(part) for part in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    # a draft says so; fonts embedded; page count and running footer
    assert "ร่าง–ยังไม่ได้รับรอง" in flat
    assert all(font["emb"] == "yes" and font["sub"] == "yes" for font in pdf_fonts(pdf))
    pages = pdf_pages(pdf)
    assert job.page_count == pages
    assert f"หน้า1จาก{pages}" in flat and f"หน้า{pages}จาก{pages}" in flat


@pytest.mark.django_db
def test_minutes_lines_never_end_inside_a_word(province_a, officer_a):
    meeting = minutes_meeting(province_a, officer=officer_a, extra_items=3)
    _job, pdf = _render("minutes", {"meeting": meeting.pk}, user=officer_a)
    text = pdf_text(pdf)
    bad, wrapped = [], 0
    for _part, _title, discussion, resolution in MINUTES_ITEMS:
        for paragraph in (discussion, f"มติที่ประชุม {resolution}"):
            lines = paragraph_lines(text, paragraph)
            assert lines is not None, paragraph
            wrapped += len(lines) > 1
            bad += line_ends_inside_words(paragraph, lines)
    assert wrapped >= 3  # the paragraphs really wrap
    assert bad == []


@pytest.mark.django_db
def test_long_minutes_run_over_pages_with_the_signatures_kept_together(province_a, officer_a):
    meeting = minutes_meeting(province_a, officer=officer_a, extra_items=14)
    job, pdf = _render("minutes", {"meeting": meeting.pk}, user=officer_a)
    pages = pdf_text(pdf).split("\f")[: job.page_count]
    assert job.page_count >= 3
    for n, page in enumerate(pages, start=1):
        assert f"หน้า{n}จาก{job.page_count}" in squeeze(page)
    # both signature blocks, whole, on one page
    [signed] = [page for page in pages if "ผู้จดรายงานการประชุม" in page]
    for part in ["(ลงชื่อ)", "นางสาวสมหญิง ใจดี", "ผู้ตรวจรายงานการประชุม", "นายปรีดา วรหาร"]:
        assert part in signed
    # the checker's long position wraps inside the page instead of running off it
    assert squeeze("สุขภาพจิตและยาเสพติด สำนักงานสาธารณสุขจังหวัดนครพนม") in squeeze(signed)
    assert words_past_the_right_margin(pdf) == []
    # and no agenda heading is the last line of a page
    for page in pages[:-1]:
        last = [line for line in page.splitlines() if line.strip() and "หน้า" not in line][-1]
        assert not last.startswith("ระเบียบวาระที่"), last


@pytest.mark.django_db
def test_minutes_in_thai_digits(meeting_a, officer_a):
    job, pdf = _render("minutes", {"meeting": meeting_a.pk, "thai_digits": True}, user=officer_a)
    flat = squeeze(pdf_text(pdf))
    assert "ครั้งที่๑/๒๕๖๗" in flat and "พ.ศ.๒๕๖๗" in flat and "๑๒ธันวาคม" in flat
    assert "2567" not in flat
    assert f"หน้า๑จาก{'๐๑๒๓๔๕๖๗๘๙'[job.page_count]}" in flat


@pytest.mark.django_db
def test_officer_of_another_province_cannot_request_the_minutes(meeting_a, officer_b, client):
    # Through the service: refused on the meeting field
    with pytest.raises(ValidationError) as error:
        services.report_request(
            kind="minutes", parameters={"meeting": meeting_a.pk}, user=officer_b
        )
    assert "meeting" in error.value.message_dict
    # Through the page: the form says so and nothing is queued
    client.force_login(officer_b)
    response = client.post(
        reverse("reports:job_create"), {"kind": "minutes", "meeting": meeting_a.pk}
    )
    assert response.status_code == 200
    assert "กรุณาเลือกการประชุมที่ท่านมีสิทธิ์ดูข้อมูล" in response.content.decode()
    assert not ReportJob.objects.exists()
    # and the meeting is not offered among the choices
    choices = response.context["form"].fields["meeting"].widget.choices
    assert meeting_a.pk not in [value for value, _label in choices]


@pytest.mark.django_db
def test_button_on_the_meeting_page_requests_the_minutes(client, meeting_a, officer_a):
    client.force_login(officer_a)
    page = client.get(reverse("meetings:meeting_detail", args=[meeting_a.pk])).content.decode()
    assert "ดาวน์โหลดรายงานการประชุม (PDF)" in page
    with pytest.MonkeyPatch.context() as patch:
        queued = []
        patch.setattr(tasks.report_job_render_task, "delay", queued.append)
        with_commit = client.post(
            reverse("reports:job_create"), {"kind": "minutes", "meeting": str(meeting_a.pk)}
        )
    job = ReportJob.objects.get()
    assert with_commit["Location"] == reverse("reports:job_detail", args=[job.pk])
    assert job.parameters == {"meeting": meeting_a.pk, "thai_digits": False}
    assert job.province_id == "48" and job.requested_by == officer_a


@pytest.mark.django_db
def test_changed_minutes_make_a_new_version_unchanged_reuse(meeting_a, officer_a):
    kind = registry["minutes"]
    parameters = {"meeting": meeting_a.pk, "thai_digits": False}
    first = kind.data_version(parameters)
    assert kind.data_version(parameters) == first
    item = meeting_a.agenda_items.get(part=4, sub=1)
    agenda_item_update(
        item=item,
        expected_version=item.version,
        title=item.title,
        discussion=item.discussion,
        resolution="ที่ประชุมมีมติเห็นชอบตามที่เสนอ",
    )
    second = kind.data_version(parameters)
    assert second != first
    member = meeting_a.committee.members.get(role="member")
    attendance_record(
        meeting=meeting_a,
        members=[{"member": member, "status": "present"}],
        attendees=[],
    )
    assert kind.data_version(parameters) != second


@pytest.mark.django_db
def test_unchanged_minutes_are_reused_not_rendered(meeting_a, officer_a, executive_a):
    job, _pdf = _render("minutes", {"meeting": meeting_a.pk}, user=officer_a)
    with pytest.MonkeyPatch.context() as patch:
        queued = []
        patch.setattr(tasks.report_job_render_task, "delay", queued.append)
        copy = services.report_request(
            kind="minutes", parameters={"meeting": meeting_a.pk}, user=executive_a
        )
    assert queued == [] and copy.status == ReportStatus.DONE
    assert copy.file.name == job.file.name


@pytest.mark.django_db
def test_render_report_command_takes_the_meeting(meeting_a, tmp_path, capsys):
    output = tmp_path / "minutes.pdf"
    call_command("render_report", "minutes", "--meeting", str(meeting_a.pk), "-o", str(output))
    pdf = output.read_bytes()
    assert pdf.startswith(b"%PDF") and "ครั้งที่1/2567" in squeeze(pdf_text(pdf))
    assert "pages" in capsys.readouterr().out


@pytest.mark.django_db
def test_render_report_command_refuses_an_unknown_meeting(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="กรุณาเลือกการประชุม"):
        call_command("render_report", "minutes", "--meeting", "999999", "-o", "/tmp/x.pdf")
