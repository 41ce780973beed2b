"""Import of indicator results (command and page): Thai headers, row-numbered Thai
errors, all or nothing, idempotent."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from programs.imports.indicator_results import indicator_results_import
from programs.models import IndicatorResult
from tests.programs.factories import IndicatorFactory, ObjectiveFactory, ProgramFactory

pytestmark = pytest.mark.django_db
D = Decimal
HEADER = "รหัสตัวชี้วัด,ปีงบประมาณ,งวด,ผลการดำเนินงาน,ตัวตั้ง,ตัวหาร,หมายเหตุ"


@pytest.fixture
def framework(province_a, province_b):
    program = ProgramFactory(slug="to-be-number-one")
    objective = ObjectiveFactory(program=program, fiscal_year=2568, number=1)
    return {
        "events": IndicatorFactory(objective=objective, code="TB-1", target=100),
        "coverage": IndicatorFactory(
            objective=objective, code="TB-2", kind="percentage", target=80, frequency="yearly"
        ),
        "plans": IndicatorFactory(
            objective=objective, province=province_a, code="NP-1", kind="count_of", target=47
        ),
        "theirs": IndicatorFactory(objective=objective, province=province_b, code="SK-1"),
    }


def csv_file(*lines: str) -> bytes:
    return ("\ufeff" + "\n".join([HEADER, *lines]) + "\n").encode()


CLEAN = csv_file(
    "TB-1,2568,1,120,,,ภาพกิจกรรม",
    "TB-1,2568,ไตรมาสที่ 2,๑๕๐,,,",
    "TB-2,2568,ทั้งปี,,283246,288931,ทะเบียนสมาชิก",
    "NP-1,๒๕๖๘,q1,,13,47,",
)


def run(data: bytes, province, user):
    return indicator_results_import(data=data, province=province, user=user)


# --- A clean file ------------------------------------------------------------------------


def test_clean_file_creates_every_row_and_says_how_many(framework, province_a, officer_a):
    report = run(CLEAN, province_a, officer_a)

    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    results = {(r.indicator.code, r.period): r for r in IndicatorResult.objects.all()}
    assert results[("TB-1", 2)].value == D(150)
    assert results[("TB-2", 1)].value == D("98.03")
    assert results[("NP-1", 1)].denominator == D(47)
    assert all(r.province == province_a and r.entered_by == officer_a for r in results.values())


def test_importing_the_same_file_again_changes_nothing(framework, province_a, officer_a):
    run(CLEAN, province_a, officer_a)

    report = run(CLEAN, province_a, officer_a)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert IndicatorResult.objects.count() == 4
    assert all(r.history.count() == 1 for r in IndicatorResult.objects.all())


def test_a_changed_figure_is_an_update(framework, province_a, officer_a):
    run(CLEAN, province_a, officer_a)

    report = run(csv_file("TB-1,2568,1,125,,,ภาพกิจกรรม"), province_a, officer_a)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    assert IndicatorResult.objects.get(indicator__code="TB-1", period=1).value == D(125)


def test_excel_file_is_read_like_csv(framework, province_a, officer_a):
    book = Workbook()
    sheet = book.active
    sheet.append(["ผลตัวชี้วัดจังหวัดนครพนม ปีงบประมาณ 2568"])  # a title line above the header
    sheet.append(HEADER.split(","))
    sheet.append(["TB-1", 2568, 3, 98.5, None, None, "รายงานไตรมาส"])
    sheet.append(["TB-2", "2568", "ทั้งปี", None, 50, 200, None])
    buffer = io.BytesIO()
    book.save(buffer)

    report = run(buffer.getvalue(), province_a, officer_a)

    assert report.ok, report.errors
    assert report.created == 2
    assert IndicatorResult.objects.get(indicator__code="TB-1").value == D("98.5")
    assert IndicatorResult.objects.get(indicator__code="TB-2").value == D(25)


# --- Errors: row numbers, Thai, nothing changes ---------------------------------------------


def test_file_with_one_bad_row_changes_nothing_and_names_the_row(framework, province_a, officer_a):
    data = csv_file(
        "TB-1,2568,1,120,,,",
        "TB-1,2568,2,สองร้อย,,,",  # row 3
        "TB-2,2568,1,,5,0,",  # row 4
    )

    report = run(data, province_a, officer_a)

    assert not report.ok
    assert [str(e) for e in report.errors] == [
        "แถวที่ 3: “ผลการดำเนินงาน”: “สองร้อย” ไม่ใช่ตัวเลข",
        "แถวที่ 4: ตัวหาร: ตัวหารต้องมากกว่าศูนย์",
    ]
    assert not IndicatorResult.objects.exists()


def test_a_bad_row_leaves_earlier_results_as_they_were(framework, province_a, officer_a):
    run(CLEAN, province_a, officer_a)

    report = run(csv_file("TB-1,2568,1,999,,,", "NP-1,2568,1,,48,47,"), province_a, officer_a)

    assert [str(e) for e in report.errors] == ["แถวที่ 3: ตัวตั้ง: ตัวตั้งต้องไม่เกินตัวหาร"]
    assert IndicatorResult.objects.get(indicator__code="TB-1", period=1).value == D(120)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("XX-9,2568,1,5,,,", "ไม่พบตัวชี้วัดรหัส “XX-9” ของปีงบประมาณ 2568 ที่จังหวัดนี้รายงาน"),
        ("SK-1,2568,1,5,,,", "ไม่พบตัวชี้วัดรหัส “SK-1” ของปีงบประมาณ 2568 ที่จังหวัดนี้รายงาน"),
        ("TB-1,2025,1,5,,,", "“ปีงบประมาณ”: ปี 2025 เป็นปี ค.ศ. กรุณากรอกปีเป็น พ.ศ. (เช่น 2568)"),
        ("TB-1,2568,5,5,,,", "งวด “5” ไม่ใช่งวดของตัวชี้วัดที่รายงานรายไตรมาส"),
        ("TB-1,2568,เดือนที่ 3,5,,,", "งวด “เดือนที่ 3” ไม่ใช่งวดของตัวชี้วัดที่รายงานรายไตรมาส"),
        ("TB-1,2568,1,,,,", "กรุณากรอก “ผลการดำเนินงาน” หรือ “ตัวตั้ง” และ “ตัวหาร”"),
        (",2568,1,5,,,", "กรุณากรอก “รหัสตัวชี้วัด”"),
        ("TB-1,2568,1,=A1*2,,,", "คอลัมน์ “ผลการดำเนินงาน” เป็นสูตร กรุณาวางเป็นค่า (Paste Values)"),
        ("TB-1,2568,1,1.23456,,,", "“ผลการดำเนินงาน” มีทศนิยมเกิน 4 ตำแหน่ง"),
    ],
)
def test_each_kind_of_bad_row_gets_its_thai_message(
    framework, province_a, officer_a, line, message
):
    report = run(csv_file(line), province_a, officer_a)

    assert [str(e) for e in report.errors] == [f"แถวที่ 2: {message}"]
    assert not IndicatorResult.objects.exists()


def test_the_same_indicator_and_period_twice_is_an_error(framework, province_a, officer_a):
    report = run(csv_file("TB-1,2568,1,5,,,", "TB-1,2568,1,6,,,"), province_a, officer_a)

    assert [str(e) for e in report.errors] == ["แถวที่ 3: ตัวชี้วัดและงวดนี้ซ้ำกับแถวที่ 2"]


def test_a_missing_column_is_reported_once(framework, province_a, officer_a):
    data = "รหัสตัวชี้วัด,ผลการดำเนินงาน\nTB-1,5\n".encode()

    report = run(data, province_a, officer_a)

    assert [str(e) for e in report.errors] == ["แถวที่ 1: ไม่พบคอลัมน์ “ปีงบประมาณ”, “งวด”"]


def test_a_file_that_is_not_a_spreadsheet_is_refused(framework, province_a, officer_a):
    report = run(b"%PDF-1.4 not a sheet", province_a, officer_a)

    assert report.errors[0].row == 0
    assert "ไม่ใช่ตารางข้อมูล" in report.errors[0].message


def test_code_shared_by_two_programs_needs_the_program_column(framework, province_a, officer_a):
    other = ObjectiveFactory(program=ProgramFactory(slug="phetchabun"), fiscal_year=2568, number=1)
    IndicatorFactory(objective=other, code="TB-1")

    ambiguous = run(csv_file("TB-1,2568,1,5,,,"), province_a, officer_a)
    named = run(
        f"{HEADER},โครงการ\nTB-1,2568,1,5,,,,to-be-number-one\n".encode(), province_a, officer_a
    )

    assert "กรุณาระบุคอลัมน์ “โครงการ”" in ambiguous.errors[0].message
    assert named.ok and named.created == 1
    assert IndicatorResult.objects.get().indicator == framework["events"]


def test_a_user_outside_the_province_imports_nothing(framework, province_a, officer_b):
    report = run(CLEAN, province_a, officer_b)

    assert [str(e) for e in report.errors] == ["คุณไม่มีสิทธิ์บันทึกผลของจังหวัดนี้"]
    assert not IndicatorResult.objects.exists()


# --- The command ----------------------------------------------------------------------------


def test_command_imports_a_file_for_a_province(framework, province_a, admin_user, tmp_path):
    path = tmp_path / "results.csv"
    path.write_bytes(CLEAN)
    out = io.StringIO()

    call_command("import_indicator_results", str(path), "--province", "48", stdout=out)

    assert "สร้างใหม่ 4 แก้ไข 0 ไม่เปลี่ยนแปลง 0" in out.getvalue()
    assert IndicatorResult.objects.filter(province=province_a).count() == 4
    assert IndicatorResult.objects.first().entered_by == admin_user


def test_command_with_errors_lists_them_and_fails(framework, province_a, admin_user, tmp_path):
    path = tmp_path / "results.csv"
    path.write_bytes(csv_file("TB-1,2568,1,120,,,", "TB-1,2568,2,abc,,,"))
    err = io.StringIO()

    with pytest.raises(CommandError, match="ไม่มีข้อมูลใดถูกบันทึก"):
        call_command("import_indicator_results", str(path), "--province", "48", stderr=err)

    assert "แถวที่ 3" in err.getvalue()
    assert not IndicatorResult.objects.exists()


def test_command_as_a_named_user(framework, province_a, officer_a, tmp_path):
    path = tmp_path / "results.csv"
    path.write_bytes(CLEAN)

    call_command(
        "import_indicator_results", str(path), "--province", "48", "--user", officer_a.username,
        stdout=io.StringIO(),
    )  # fmt: skip

    assert IndicatorResult.objects.first().entered_by == officer_a


# --- The page ---------------------------------------------------------------------------------

IMPORT_URL = reverse("programs:results_import")


def upload(data: bytes, name="results.csv"):
    return SimpleUploadedFile(name, data, "text/csv")


def check_then_confirm(client, fields: dict):
    """The page's two steps: the check (nothing written), then the confirmation of the
    file kept on the server; both responses."""
    checked = client.post(IMPORT_URL, fields)
    assert checked.status_code == 200, checked.context["form"].errors
    kept = checked.context["kept_file"]
    others = {k: v for k, v in fields.items() if k != "file"}
    return checked, client.post(IMPORT_URL, {**others, "kept": kept.token, "confirm": "1"})


def test_officer_imports_for_their_own_province_and_sees_the_counts(
    client, officer_a, framework, province_a
):
    client.force_login(officer_a)

    checked, response = check_then_confirm(client, {"file": upload(CLEAN), "province": "33"})

    assert "จะสร้างใหม่ 4" in checked.text and "ยังไม่ได้บันทึก" in checked.text
    assert response.status_code == 200
    assert "นำเข้า results.csv เรียบร้อย" in response.text
    assert response.context["result"].created == 4
    assert set(IndicatorResult.objects.values_list("province", flat=True)) == {"48"}


def test_the_check_writes_nothing_and_says_what_each_row_will_do(
    client, officer_a, framework, province_a
):
    client.force_login(officer_a)
    check_then_confirm(client, {"file": upload(csv_file("TB-1,2568,1,120,,,"))})
    history = IndicatorResult.history.count()

    # The same quarter again with a new figure, and a new one: one update, one creation.
    file = upload(csv_file("TB-1,2568,1,150,,,", "TB-1,2568,2,90,,,"), name="second.csv")
    response = client.post(IMPORT_URL, {"file": file})

    assert response.context["result"].dry_run
    preview = response.text.split("data-import-preview")[1]
    assert "จะสร้างใหม่ 1 · จะปรับปรุง 1 · ไม่เปลี่ยนแปลง 0" in preview
    plan = [(row.row, row.action, row.value) for row in response.context["planned"]]
    assert plan == [(2, "updated", Decimal(150)), (3, "created", Decimal(90))]
    assert "ยืนยันนำเข้า 2 แถว" in response.text
    assert "second.csv" in response.text
    # Nothing was written, not even a line of history.
    assert IndicatorResult.objects.get(period=1).value == Decimal(120)
    assert IndicatorResult.objects.count() == 1 and IndicatorResult.history.count() == history


def test_a_failed_check_keeps_the_file_for_the_retry(client, officer_a, framework):
    client.force_login(officer_a)
    bad = client.post(IMPORT_URL, {"file": upload(csv_file("TB-1,2568,9,120,,,"), "q.csv")})
    assert bad.context["kept_file"].name == "q.csv" and "data-kept-file" in bad.text

    # Checked again without picking the file: the same file, the same problem.
    again = client.post(IMPORT_URL, {"kept": bad.context["kept_file"].token})
    assert [p.row for p in again.context["problems"]] == [2]
    assert not IndicatorResult.objects.exists()


def test_a_kept_file_is_its_users_only(client, officer_a, framework, province_a):
    from tests.accounts.factories import UserFactory

    client.force_login(officer_a)
    token = client.post(IMPORT_URL, {"file": upload(CLEAN)}).context["kept_file"].token
    other = UserFactory(username="officer_a2", role="officer", province=province_a)
    client.force_login(other)

    response = client.post(IMPORT_URL, {"kept": token, "confirm": "1"})

    assert "file" in response.context["form"].errors
    assert not IndicatorResult.objects.exists()


def test_the_check_lists_a_locked_periods_rows(client, officer_a, framework, province_a):
    from programs.services.approvals import PeriodKey, period_approval_submit

    client.force_login(officer_a)
    check_then_confirm(client, {"file": upload(csv_file("TB-1,2568,1,120,,,"))})
    program = IndicatorResult.objects.get().indicator.objective.program
    period_approval_submit(
        key=PeriodKey(program, province_a, 2568, "quarterly", 1), submitted_by=officer_a
    )

    response = client.post(IMPORT_URL, {"file": upload(csv_file("TB-1,2568,1,150,,,"))})

    assert not response.context["result"].ok
    assert [p.row for p in response.context["problems"]] == [2]
    assert IndicatorResult.objects.get().value == Decimal(120)


def test_page_lists_the_errors_by_row_and_saves_nothing(client, officer_a, framework):
    client.force_login(officer_a)

    response = client.post(
        IMPORT_URL, {"file": upload(csv_file("TB-1,2568,1,120,,,", "TB-1,2568,2,abc,,,"))}
    )

    assert "พบ 1 จุดที่ต้องแก้ไข ยังไม่มีข้อมูลใดถูกบันทึก" in response.text
    assert "“abc” ไม่ใช่ตัวเลข" in response.text
    assert not IndicatorResult.objects.exists()


def test_administrator_chooses_the_province(client, admin_user, framework, province_a):
    client.force_login(admin_user)

    missing = client.post(IMPORT_URL, {"file": upload(CLEAN)})
    _checked, chosen = check_then_confirm(client, {"file": upload(CLEAN), "province": "48"})

    assert "province" in missing.context["form"].errors
    assert chosen.context["result"].created == 4


def test_executive_gets_403_on_the_import_page(client, executive_a, framework):
    client.force_login(executive_a)

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"file": upload(CLEAN)}).status_code == 403
    assert not IndicatorResult.objects.exists()


def test_template_lists_the_provinces_indicators_and_imports_back_once_filled(
    client, officer_a, framework, province_a
):
    from openpyxl import load_workbook

    client.force_login(officer_a)

    response = client.get(reverse("programs:results_import_template"), {"fiscal_year": "2568"})

    book = load_workbook(io.BytesIO(response.getvalue()))
    sheet = book.active
    rows = list(sheet.values)
    assert rows[0][:3] == ("รหัสตัวชี้วัด", "ปีงบประมาณ", "งวด")
    assert sorted(row[0] for row in rows[1:]) == ["NP-1", "TB-1", "TB-2"]  # not B's SK-1
    for line in range(2, sheet.max_row + 1):
        code = sheet.cell(line, 1).value
        if code == "TB-1":
            sheet.cell(line, 4).value = 90
        else:
            sheet.cell(line, 5).value, sheet.cell(line, 6).value = 10, 20
    filled = io.BytesIO()
    book.save(filled)

    report = run(filled.getvalue(), province_a, officer_a)

    assert report.ok, report.errors
    assert report.created == 3
