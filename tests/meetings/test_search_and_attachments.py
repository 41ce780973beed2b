"""Thai search (PostgreSQL full-text search over pythainlp-segmented text) and attachments
checked from their bytes."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from core.uploads import MAX_BYTES
from meetings import thai_search
from meetings.models import AgendaItem, Attachment
from meetings.selectors import meetings_search
from meetings.services import action_item_add, agenda_item_add, attachment_add
from tests.meetings.factories import CommitteeFactory, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_a(province_a):
    return make_meeting(CommitteeFactory(provinces=[province_a]))


@pytest.fixture
def meeting_b(province_b):
    return make_meeting(CommitteeFactory(provinces=[province_b]))


# --- Search ----------------------------------------------------------------------------


def test_the_suite_searches_on_postgresql():
    assert connection.vendor == "postgresql"


def test_segmentation_separates_thai_words():
    assert thai_search.segment("การจัดสรรงบประมาณสนับสนุน").split() == [
        "การ", "จัดสรร", "งบประมาณ", "สนับสนุน"
    ]  # fmt: skip


def test_a_word_inside_a_thai_compound_is_found(meeting_a, officer_a):
    item = agenda_item_add(
        meeting=meeting_a, part=4,
        title="การจัดสรรงบประมาณสนับสนุนทีม TO BE NUMBER ONE TEEN DANCERCISE",
    )  # fmt: skip
    agenda_item_add(meeting=meeting_a, part=4, title="การประกวดระดับภาค")

    results = meetings_search(user=officer_a, query="งบประมาณ")

    items = [r for r in results if r.kind == "agenda_item"]
    assert [r.title for r in items] == [f"วาระที่ 4.1 {item.title}"]
    assert "<mark>งบประมาณ</mark>" in items[0].snippet
    assert "การจัดสรร" in items[0].snippet  # shown as written, without the index's spaces


def test_resolutions_and_action_items_are_searched(meeting_a, officer_a):
    item = agenda_item_add(meeting=meeting_a, part=4, title="แผนหมู่บ้าน",
                           resolution="ที่ประชุมเห็นชอบแผนหมู่บ้านเชิงคุณภาพ")  # fmt: skip
    action_item_add(agenda_item=item, description="จัดทำแผนหมู่บ้านที่เหลือ", responsible="อำเภอ")

    kinds = {r.kind for r in meetings_search(user=officer_a, query="เชิงคุณภาพ")}
    assert kinds == {"agenda_item"}
    kinds = {r.kind for r in meetings_search(user=officer_a, query="ที่เหลือ")}
    assert kinds == {"action_item"}


def test_the_index_follows_every_edit(meeting_a, officer_a):
    from meetings.services import agenda_item_update

    item = agenda_item_add(meeting=meeting_a, part=4, title="เรื่องเดิม")
    agenda_item_update(item=item, expected_version=item.version, title="เรื่องเดิม",
                       discussion="การจัดสรรงบประมาณ")  # fmt: skip

    assert meetings_search(user=officer_a, query="งบประมาณ")


def test_search_results_stay_in_the_users_province(meeting_a, meeting_b, officer_a, officer_b):
    agenda_item_add(meeting=meeting_a, part=4, title="งบประมาณของจังหวัดเอ")
    agenda_item_add(meeting=meeting_b, part=4, title="งบประมาณของจังหวัดบี")

    titles_a = [r.title for r in meetings_search(user=officer_a, query="งบประมาณ")]
    titles_b = [r.title for r in meetings_search(user=officer_b, query="งบประมาณ")]

    assert titles_a == ["วาระที่ 4.1 งบประมาณของจังหวัดเอ"]
    assert titles_b == ["วาระที่ 4.1 งบประมาณของจังหวัดบี"]


def test_evaluators_find_nothing(meeting_a, evaluator):
    agenda_item_add(meeting=meeting_a, part=4, title="งบประมาณ")

    assert meetings_search(user=evaluator, query="งบประมาณ") == []


def test_the_search_index_is_used_on_postgresql(meeting_a):
    from django.contrib.postgres.search import SearchQuery

    agenda_item_add(meeting=meeting_a, part=4, title="การจัดสรรงบประมาณสนับสนุน")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = AgendaItem.objects.filter(
            search_vector=SearchQuery("งบประมาณ", config="simple")
        ).explain()
        cursor.execute("RESET enable_seqscan")
    assert "meetings_agendaitem_search_vector_gin" in plan


def test_search_page_and_api_answer(client, meeting_a, officer_a):
    agenda_item_add(meeting=meeting_a, part=4, title="การจัดสรรงบประมาณสนับสนุน")
    client.force_login(officer_a)

    page = client.get(reverse("meetings:search"), {"q": "งบประมาณ"})
    api = client.get(reverse("api:meeting-search"), {"q": "งบประมาณ"})

    assert "<mark>งบประมาณ</mark>" in page.content.decode()
    assert [r["kind"] for r in api.json()] == ["agenda_item"]


# --- Attachments ---------------------------------------------------------------------------


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("minutes.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("report.docx", _docx(),
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)  # fmt: skip
def test_accepted_files_are_stored_with_their_real_type(meeting_a, officer_a, name, content,
                                                       content_type):  # fmt: skip
    attachment = attachment_add(
        meeting=meeting_a, file=SimpleUploadedFile(name, content), uploaded_by=officer_a
    )

    assert attachment.content_type == content_type
    assert attachment.size == len(content)
    with attachment.file.open("rb") as handle:
        assert handle.read() == content


@pytest.mark.parametrize(
    ("name", "image_format", "content_type"),
    [("photo.jpg", "JPEG", "image/jpeg"), ("photo.png", "PNG", "image/png")],
)
def test_accepted_images_are_stored_as_images_of_their_type(meeting_a, officer_a, name,
                                                           image_format, content_type):  # fmt: skip
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (10, 120, 60)).save(buffer, format=image_format)

    attachment = attachment_add(
        meeting=meeting_a, file=SimpleUploadedFile(name, buffer.getvalue()), uploaded_by=officer_a
    )

    assert attachment.content_type == content_type
    with attachment.file.open("rb") as handle, Image.open(handle) as stored:
        assert (stored.format, stored.size) == (image_format, (8, 6))
        assert attachment.size == attachment.file.size  # re-encoded (tests/core/test_uploads.py)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "รับเฉพาะไฟล์"),
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "รับเฉพาะไฟล์"),  # a renamed .exe
        ("report.pdf", b"\x7fELF\x02\x01\x01", "รับเฉพาะไฟล์"),  # a renamed Linux binary
        ("archive.docx", b"PK\x03\x04not really a zip", "รับเฉพาะไฟล์"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n\x00", "ไม่ตรงกับเนื้อไฟล์"),
    ],
)
def test_wrong_files_are_refused(meeting_a, officer_a, name, content, message):
    with pytest.raises(ValidationError) as error:
        attachment_add(meeting=meeting_a, file=SimpleUploadedFile(name, content),
                       uploaded_by=officer_a)  # fmt: skip

    assert message in error.value.messages[0]
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused(meeting_a, officer_a):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * MAX_BYTES)

    with pytest.raises(ValidationError) as error:
        attachment_add(meeting=meeting_a, file=big, uploaded_by=officer_a)

    assert "ใหญ่เกิน" in error.value.messages[0]


def test_an_attachment_downloads_only_in_scope(client, meeting_a, officer_a, officer_b,
                                               executive_a):  # fmt: skip
    attachment = attachment_add(
        meeting=meeting_a, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"), uploaded_by=officer_a
    )
    url = reverse("meetings:attachment_download", args=[attachment.pk])

    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    client.force_login(executive_a)
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == b"%PDF-1.4 x"
    assert response["Content-Type"] == "application/pdf"


def test_uploading_a_renamed_executable_through_the_page_is_refused(client, meeting_a, officer_a):
    client.force_login(officer_a)

    response = client.post(
        reverse("meetings:attachment_add", args=[meeting_a.pk]),
        {"file": SimpleUploadedFile("report.pdf", b"MZ\x90\x00")},
        follow=True,
    )

    assert "รับเฉพาะไฟล์" in response.content.decode()
    assert not Attachment.objects.exists()
