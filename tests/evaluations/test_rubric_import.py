"""Importing a rubric from YAML, Excel or CSV: a good file becomes a draft; a file with
any problem writes nothing and every problem is listed with its row."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from evaluations.models import Criterion, Rubric, RubricStatus
from evaluations.rubric_import import rubric_import
from programs.models import Tier
from tests.evaluations.factories import published_rubric
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db

HEADERS = ["องค์ประกอบ", "ประเด็นการประเมิน", "คะแนนเต็ม", "คำอธิบายการให้คะแนน", "หลักฐานที่ควรมี"]
GOOD_ROWS = [
    ["1. การรณรงค์", "มีการรณรงค์อย่างต่อเนื่อง", 0.5, "ทุกเดือน ได้เต็ม", "ภาพถ่าย"],
    [None, "มีเครือข่ายร่วมรณรงค์", "0.3", "", ""],
    ["2. 3 ก.", "มีกรรมการชมรม", 1, "", "คำสั่งแต่งตั้ง"],
]
GOOD_YAML = """
components:
  - title: การรณรงค์
    criteria:
      - text: มีการรณรงค์อย่างต่อเนื่อง
        max_points: 0.5
        guidance: ทุกเดือน ได้เต็ม
        evidence: ภาพถ่าย
      - {text: มีเครือข่ายร่วมรณรงค์, max_points: 0.3}
  - title: 3 ก.
    criteria:
      - {text: มีกรรมการชมรม, max_points: 1, evidence: คำสั่งแต่งตั้ง}
bands:
  ดีเด่น: 1
  ระดับทอง: 1.5
  6: 1.7
"""


def _xlsx(rows, *, bands=None, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "เกณฑ์การประเมิน"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    if bands is not None:
        band_sheet = book.create_sheet("ช่วงคะแนน")
        band_sheet.append(["ระดับ", "คะแนนขั้นต่ำ"])
        for row in bands:
            band_sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(rows) -> bytes:
    lines = [",".join(HEADERS)] + [
        ",".join("" if cell is None else str(cell) for cell in row) for row in rows
    ]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


@pytest.fixture
def program():
    return ProgramFactory(slug="to-be-number-one")


def _import(program, data: bytes, filename: str, **kwargs):
    fields = {"fiscal_year": 2568, "entity_level": "club", "club_type": "", "name": "เกณฑ์นำเข้า"}
    return rubric_import(data=data, filename=filename, program=program, **{**fields, **kwargs})


def _structure(rubric: Rubric):
    return [
        (c.component.title, c.code, c.text, c.max_points, c.guidance, c.evidence)
        for c in rubric.criteria().select_related("component")
    ]


EXPECTED = [
    ("1. การรณรงค์", "1.1", "มีการรณรงค์อย่างต่อเนื่อง", Decimal("0.50"), "ทุกเดือน ได้เต็ม", "ภาพถ่าย"),
    ("1. การรณรงค์", "1.2", "มีเครือข่ายร่วมรณรงค์", Decimal("0.30"), "", ""),
    ("2. 3 ก.", "2.1", "มีกรรมการชมรม", Decimal("1.00"), "", "คำสั่งแต่งตั้ง"),
]


def test_xlsx_becomes_a_draft_with_its_components_criteria_and_bands(program):
    data = _xlsx(GOOD_ROWS, bands=[["ดีเด่น", 1], ["ระดับทอง", "1.5"], ["ระดับเพชร", None]])

    result = _import(program, data, "เกณฑ์.xlsx")

    assert result.ok, result.problems
    rubric = result.rubric
    assert (rubric.version, rubric.status, rubric.name) == (1, RubricStatus.DRAFT, "เกณฑ์นำเข้า")
    assert _structure(rubric) == EXPECTED
    assert list(rubric.bands.values_list("tier", "min_score")) == [
        (Tier.OUTSTANDING, Decimal("1.00")),
        (Tier.GOLD, Decimal("1.50")),
    ]


def test_csv_imports_the_same_rubric(program):
    result = _import(program, _csv(GOOD_ROWS), "เกณฑ์.csv")

    assert result.ok, result.problems
    assert [row[1:4] for row in _structure(result.rubric)] == [row[1:4] for row in EXPECTED]
    assert not result.rubric.bands.exists()


def test_yaml_imports_components_criteria_and_bands(program):
    result = _import(program, GOOD_YAML.encode(), "rubric.yaml")

    assert result.ok, result.problems
    assert [row[1:] for row in _structure(result.rubric)] == [row[1:] for row in EXPECTED]
    assert [c.title for c in result.rubric.components.all()] == ["การรณรงค์", "3 ก."]
    assert list(result.rubric.bands.values_list("tier", "min_score")) == [
        (Tier.OUTSTANDING, Decimal("1.00")),
        (Tier.GOLD, Decimal("1.50")),
        (Tier.TOP_DIAMOND, Decimal("1.70")),
    ]


def test_every_row_problem_is_listed_and_nothing_is_written(program):
    rows = [
        [None, "ประเด็นก่อนมีองค์ประกอบ", 1, "", ""],  # row 2
        ["การรณรงค์", "มีการรณรงค์", "abc", "", ""],  # row 3
        [None, "", 0.5, "", ""],  # row 4: points without a criterion
        [None, "มีเครือข่าย", -1, "", ""],  # row 5
        [None, "ทศนิยมเกิน", "0.333", "", ""],  # row 6
        ["3 ก.", "มีกรรมการ", None, "", ""],  # row 7
        ["ว่างเปล่า", None, None, None, None],  # row 8: a component with no criteria
    ]

    result = _import(program, _xlsx(rows), "bad.xlsx")

    assert not result.ok
    assert result.problems == [
        "แถวที่ 2: ยังไม่ได้ระบุองค์ประกอบ (แถวแรกของแต่ละองค์ประกอบต้องมีชื่อองค์ประกอบ)",
        "แถวที่ 3: คะแนนเต็มต้องเป็นตัวเลขมากกว่า 0 (ได้ 'abc')",
        "แถวที่ 4: ยังไม่ได้กรอกประเด็นการประเมิน",
        "แถวที่ 5: คะแนนเต็มต้องเป็นตัวเลขมากกว่า 0 (ได้ '-1')",
        "แถวที่ 6: คะแนนเต็มมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง (ได้ '0.333')",
        "แถวที่ 7: คะแนนเต็มต้องเป็นตัวเลขมากกว่า 0 (ได้ '')",
        "แถวที่ 8: องค์ประกอบ “ว่างเปล่า” ไม่มีประเด็นการประเมิน",
    ]
    assert not Rubric.objects.exists() and not Criterion.objects.exists()


def test_band_problems_are_listed_too(program):
    bands = [["ดีเด่น", 1.5], ["ระดับทอง", 1], ["ระดับไม้", 1], ["ยอดเพชร", 99]]

    result = _import(program, _xlsx(GOOD_ROWS, bands=bands), "bands.xlsx")

    assert not result.ok
    assert result.problems[0].startswith("แผ่นงานช่วงคะแนน แถวที่ 4: ไม่รู้จักระดับ 'ระดับไม้'")
    assert any("ยอดเพชร (99) เกินคะแนนเต็มของเกณฑ์ (1.8)" in p for p in result.problems)
    assert any("ระดับทอง (1) ต้องมากกว่าของระดับดีเด่น (1.5)" in p for p in result.problems)
    assert not Rubric.objects.exists()


def test_a_formula_cell_is_refused(program):
    rows = [["การรณรงค์", "มีการรณรงค์", "=0.2+0.3", "", ""]]

    result = _import(program, _xlsx(rows), "formula.xlsx")

    assert not result.ok
    assert result.problems == [
        "แถวที่ 2: มีสูตร (=0.2+0.3) ระบบไม่คำนวณสูตร กรุณาคัดลอกแล้ววางแบบค่า (Paste Values)"
    ]
    assert not Rubric.objects.exists()


def test_a_file_without_the_columns_is_refused(program):
    result = _import(program, _xlsx([["ก", 1]], headers=["ประเด็นการประเมิน", "อื่น"]), "x.xlsx")

    assert result.problems == ["ไม่พบคอลัมน์ องค์ประกอบ, คะแนนเต็ม กรุณาใช้แบบฟอร์มนำเข้า"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("components:\n  - title: ก\n    criteria: [\n", "รูปแบบไม่ถูกต้องที่บรรทัด"),
        ("- just\n- a list\n", "ต้องมีหัวข้อ components"),
        ("components: hello\n", "ต้องมีหัวข้อ components"),
        ("components:\n  - title: ก\n", "องค์ประกอบที่ 1: ต้องมี criteria"),
        (
            "components:\n  - title: ก\n    criteria:\n      - {text: ข, max_points: abc}\n",
            "องค์ประกอบที่ 1 ประเด็นที่ 1: คะแนนเต็มต้องเป็นตัวเลขมากกว่า 0 (ได้ 'abc')",
        ),
        (
            "components:\n  - title: ก\n    criteria:\n      - {text: ข, max_points: 1}\n"
            "bands: [1, 2]\n",
            "หัวข้อ bands ต้องเป็นคู่",
        ),
        ("components: [\x00]", "อ่านไฟล์ YAML ไม่ได้"),
    ],
)
def test_malformed_yaml_is_refused_with_a_thai_message(program, text, expected):
    result = _import(program, text.encode(), "rubric.yml")

    assert not result.ok
    assert any(expected in problem for problem in result.problems), result.problems
    assert not Rubric.objects.exists()


def test_yaml_problems_are_all_listed(program):
    text = """
components:
  - title: ก
    criteria:
      - {text: "", max_points: 1}
      - {text: ข, max_points: 0}
  - criteria:
      - {text: ค, max_points: 1}
"""
    result = _import(program, text.encode(), "rubric.yaml")

    assert result.problems == [
        "องค์ประกอบที่ 1 ประเด็นที่ 1: ยังไม่ได้กรอกประเด็นการประเมิน",
        "องค์ประกอบที่ 1 ประเด็นที่ 2: คะแนนเต็มต้องเป็นตัวเลขมากกว่า 0 (ได้ '0')",
        "องค์ประกอบที่ 2: ยังไม่ได้ระบุชื่อองค์ประกอบ (title)",
    ]


def test_an_existing_rubric_gets_the_next_version_as_a_draft(program):
    published = published_rubric(program=program)

    result = _import(program, GOOD_YAML.encode(), "rubric.yaml")

    assert result.ok, result.problems
    assert (result.rubric.version, result.rubric.previous_version) == (2, published)
    assert result.rubric.status == RubricStatus.DRAFT
    # A second import while that draft waits is refused, and writes nothing.
    again = _import(program, GOOD_YAML.encode(), "rubric.yaml")
    assert not again.ok and "มีฉบับร่างของเกณฑ์นี้อยู่แล้ว" in again.problems[0]
    assert Rubric.objects.count() == 2


def test_the_import_page_creates_a_draft_or_lists_the_problems(client, admin_user, program):
    client.force_login(admin_user)
    fields = {
        "program": program.pk,
        "fiscal_year": 2568,
        "entity_level": "club",
        "club_type": "school",
        "name": "เกณฑ์สถานศึกษา",
    }

    bad = client.post(
        reverse("evaluations:rubric_import"),
        {**fields, "file": SimpleUploadedFile("bad.csv", _csv([["ก", "ข", "abc", "", ""]]))},
    )
    assert bad.status_code == 400
    assert "แถวที่ 2: คะแนนเต็มต้องเป็นตัวเลขมากกว่า 0 (ได้ &#x27;abc&#x27;)" in bad.content.decode()
    assert bad.context["form"]["name"].value() == "เกณฑ์สถานศึกษา"
    assert not Rubric.objects.exists()

    checked = client.post(
        reverse("evaluations:rubric_import"),
        {**fields, "file": SimpleUploadedFile("good.xlsx", _xlsx(GOOD_ROWS))},
    )
    # The check says what it will make, and makes nothing.
    assert checked.status_code == 200 and not Rubric.objects.exists()
    preview = checked.content.decode().split("data-import-preview")[1]
    assert "จะสร้าง “เกณฑ์สถานศึกษา” ฉบับที่ 1 เป็นฉบับร่าง" in preview
    good = client.post(
        reverse("evaluations:rubric_import"),
        {**fields, "kept": checked.context["kept_file"].token, "confirm": "1"},
    )
    rubric = Rubric.objects.get()
    assert good["Location"] == reverse("evaluations:rubric_detail", args=[rubric.pk])
    assert (rubric.club_type, rubric.name) == ("school", "เกณฑ์สถานศึกษา")
    assert _structure(rubric) == EXPECTED


def test_the_template_imports_once_filled_in(client, admin_user, program):
    client.force_login(admin_user)

    response = client.get(reverse("evaluations:rubric_import_template"))

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    criteria, bands = book.worksheets[0], book.worksheets[1]
    assert [cell.value for cell in criteria[1]] == HEADERS
    for row in GOOD_ROWS:
        criteria.append(row)
    bands["B2"] = 1  # ดีเด่น, the first tier listed
    buffer = io.BytesIO()
    book.save(buffer)
    result = _import(program, buffer.getvalue(), "filled.xlsx")
    assert result.ok, result.problems
    assert _structure(result.rubric) == EXPECTED
    assert list(result.rubric.bands.values_list("tier", "min_score")) == [
        (Tier.OUTSTANDING, Decimal("1.00"))
    ]


def test_the_command_imports_a_file(tmp_path, program):
    path = tmp_path / "rubric.yaml"
    path.write_text(GOOD_YAML, encoding="utf-8")
    out = io.StringIO()

    call_command(
        "import_rubric", str(path), "--program", program.slug, "--fiscal-year", "2568",
        "--level", "club", "--club-type", "school", "--name", "เกณฑ์จากคำสั่ง", stdout=out,
    )  # fmt: skip

    rubric = Rubric.objects.get()
    assert (rubric.name, rubric.club_type, rubric.status) == ("เกณฑ์จากคำสั่ง", "school", "draft")
    assert "3 ประเด็น" in out.getvalue()


def test_the_command_lists_problems_and_fails(tmp_path, program):
    path = tmp_path / "rubric.csv"
    path.write_bytes(_csv([["ก", "ข", "abc", "", ""], [None, "ค", "", "", ""]]))
    err = io.StringIO()

    with pytest.raises(CommandError, match="พบ 2 จุดที่ต้องแก้ไข"):
        call_command(
            "import_rubric", str(path), "--program", program.slug, "--fiscal-year", "2568",
            "--name", "x", stderr=err,
        )  # fmt: skip

    assert "แถวที่ 2: คะแนนเต็มต้องเป็นตัวเลขมากกว่า 0 (ได้ 'abc')" in err.getvalue()
    assert "แถวที่ 3:" in err.getvalue()
    assert not Rubric.objects.exists()


def test_the_check_names_the_next_version_and_keeps_the_file(client, admin_user, program):
    client.force_login(admin_user)
    fields = {"program": program.pk, "fiscal_year": 2568, "entity_level": "club",
              "club_type": "school", "name": "เกณฑ์สถานศึกษา"}  # fmt: skip
    url = reverse("evaluations:rubric_import")
    first = client.post(url, {**fields, "file": SimpleUploadedFile("g.xlsx", _xlsx(GOOD_ROWS))})
    client.post(url, {**fields, "kept": first.context["kept_file"].token, "confirm": "1"})
    # While that draft stands, the check refuses another, as the import would.
    refused = client.post(url, {**fields, "file": SimpleUploadedFile("g.xlsx", _xlsx(GOOD_ROWS))})
    assert refused.status_code == 400 and "มีฉบับร่างของเกณฑ์นี้อยู่แล้ว" in refused.content.decode()
    from evaluations.services.rubrics import rubric_publish

    rubric_publish(rubric=Rubric.objects.get())
    history = Rubric.history.count()

    # A second file of the same program, year, level and type: version 2, not yet made.
    second = client.post(url, {**fields, "file": SimpleUploadedFile("g2.xlsx", _xlsx(GOOD_ROWS))})
    assert "ฉบับที่ 2 เป็นฉบับร่าง" in second.content.decode()
    assert Rubric.objects.count() == 1 and Rubric.history.count() == history

    # A failed check keeps the file: the retry names it without picking it again.
    bad = client.post(
        url, {**fields, "file": SimpleUploadedFile("b.csv", _csv([["ก", "ข", "abc", "", ""]]))}
    )
    assert bad.status_code == 400 and "data-kept-file" in bad.content.decode()
    again = client.post(url, {**fields, "kept": bad.context["kept_file"].token})
    assert again.status_code == 400 and "b.csv" in again.content.decode()
    assert Rubric.objects.count() == 1
