"""Import of clubs from Excel and CSV with Thai headers: every problem with its row and
a Thai message, all or nothing, idempotent, scoped, formulas never computed."""

import datetime
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from accounts.models import Role
from core import spreadsheets, uploads
from programs.imports.clubs import club_import
from programs.models import Club, ClubMembership
from tests.accounts.factories import UserFactory
from tests.programs.factories import ClubFactory, ClubMembershipFactory, DistrictFactory

pytestmark = pytest.mark.django_db

HEADERS = ["ชื่อชมรม", "ประเภท", "ระดับสถานศึกษา", "รหัสอำเภอ", "รหัสตำบล", "หน่วยงานที่ตั้ง",
           "วันที่ก่อตั้ง", "ผู้ประสานงาน", "โทรศัพท์", "ศูนย์เพื่อนใจ", "กรรมการ", "กองทุน",
           "กิจกรรม", "ปีงบประมาณ", "จำนวนสมาชิก", "กลุ่มเป้าหมาย"]  # fmt: skip
NASOMDEE = ["ชมรม TO BE NUMBER ONE ชุมชนบ้านนาสมดี", "ชุมชน", "", "4801", "480101",
            "บ้านนาสมดี", "8/6/2566", "นายสมชาย ใจดี", "042511000", "มี", "มี", "มี", "มี",
            "2566", "283", "400"]  # fmt: skip
SCHOOL = ["ชมรม TO BE NUMBER ONE โรงเรียนปิยะมหาราชาลัย", "สถานศึกษา", "มัธยมศึกษา", "๔๘๐๑",
          "", "โรงเรียนปิยะมหาราชาลัย", "๑ มิ.ย. ๒๕๖๐", "", "", "ไม่มี", "มี", "ไม่มี", "มี",
          "", "", ""]  # fmt: skip
PROBATION = ["ชมรม TO BE NUMBER ONE สำนักงานคุมประพฤติจังหวัดนครพนม", "สำนักงานคุมประพฤติ", "",
             "เมืองนครพนม", "ในเมือง", "", "", "", "", "", "", "", "",
             "2567", "1,024", "1024"]  # fmt: skip


def xlsx(rows, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, headers=HEADERS, *, bom=True, encoding="utf-8") -> bytes:
    import csv

    buffer = StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    text = buffer.getvalue()
    return (("\ufeff" if bom else "") + text).encode(encoding)


def messages(result) -> list[tuple]:
    return [(p.row, p.column, p.message) for p in result.problems]


# --- A clean import, and again ------------------------------------------------------------


def test_clean_xlsx_creates_clubs_and_memberships(officer_a):
    result = club_import(data=xlsx([NASOMDEE, SCHOOL, PROBATION]), user=officer_a)

    assert result.ok, messages(result)
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert (result.memberships_created, result.memberships_unchanged) == (2, 0)
    nasomdee = Club.objects.get(name__contains="นาสมดี")
    assert nasomdee.province_id == "48"
    assert nasomdee.subdistrict_id == "480101"
    assert nasomdee.founded_on == datetime.date(2023, 6, 8)
    assert nasomdee.contact_phone == "042511000"
    assert nasomdee.three_k_complete and nasomdee.has_friend_corner
    school = Club.objects.get(name__contains="ปิยะ")
    assert (school.club_type, school.school_level) == ("school", "secondary")
    assert school.founded_on == datetime.date(2017, 6, 1)
    assert not school.has_fund
    probation = Club.objects.get(club_type="probation")
    assert probation.subdistrict_id == "480101"  # found by the names of district and subdistrict
    assert ClubMembership.objects.get(club=probation).members == 1024


def test_second_import_of_the_same_file_changes_nothing(officer_a):
    data = xlsx([NASOMDEE, SCHOOL, PROBATION])
    club_import(data=data, user=officer_a)
    before = {c.pk: c.history.count() for c in Club.objects.all()}

    again = club_import(data=data, user=officer_a)

    assert again.ok
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert (again.memberships_created, again.memberships_updated) == (0, 0)
    assert again.memberships_unchanged == 2
    assert {c.pk: c.history.count() for c in Club.objects.all()} == before


def test_a_changed_row_updates_that_club_only_with_history_by_the_importer(officer_a):
    club_import(data=xlsx([NASOMDEE, SCHOOL]), user=officer_a)
    changed = list(NASOMDEE)
    changed[7] = "นางสาวมาลี ใจงาม"  # ผู้ประสานงาน
    changed[14] = "300"  # จำนวนสมาชิก

    result = club_import(data=xlsx([changed, SCHOOL]), user=officer_a)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert result.memberships_updated == 1
    club = Club.objects.get(name__contains="นาสมดี")
    assert club.contact_name == "นางสาวมาลี ใจงาม"
    latest = club.history.latest("history_date")
    assert latest.history_user == officer_a
    assert latest.history_type == "~"


def test_an_existing_club_is_found_by_district_and_name(officer_a, province_a):
    existing = ClubFactory(district=province_a.districts.get(code="4801"), name=NASOMDEE[0],
                           club_type="community", host_organisation="เดิม")  # fmt: skip

    result = club_import(data=xlsx([NASOMDEE]), user=officer_a)

    assert (result.created, result.updated) == (0, 1)
    existing.refresh_from_db()
    assert existing.host_organisation == "บ้านนาสมดี"
    assert Club.objects.count() == 1


@pytest.mark.parametrize("bom", [True, False])
def test_csv_in_utf8_with_or_without_bom(officer_a, bom):
    result = club_import(data=csv_bytes([NASOMDEE, SCHOOL], bom=bom), user=officer_a)

    assert result.ok, messages(result)
    assert result.created == 2


def test_csv_saved_by_thai_windows_excel_in_cp874(officer_a):
    result = club_import(data=csv_bytes([NASOMDEE], bom=False, encoding="cp874"), user=officer_a)

    assert result.ok, messages(result)
    assert Club.objects.get().name == NASOMDEE[0]


def test_title_lines_above_the_header_keep_excel_row_numbers(officer_a):
    book = Workbook()
    sheet = book.active
    sheet.append(["รายชื่อชมรม TO BE NUMBER ONE จังหวัดนครพนม"])
    sheet.append([])
    sheet.append(HEADERS)
    sheet.append(NASOMDEE)
    bad = list(SCHOOL)
    bad[1] = "วัด"
    sheet.append(bad)
    buffer = io.BytesIO()
    book.save(buffer)

    result = club_import(data=buffer.getvalue(), user=officer_a)

    assert [(p.row, p.column) for p in result.problems] == [(5, "ประเภท")]


def test_excel_date_cells_are_read_and_a_be_year_in_a_ce_calendar_too(officer_a):
    real_date = list(NASOMDEE)
    real_date[6] = datetime.date(2023, 6, 8)
    be_typed_as_ce = list(SCHOOL)
    be_typed_as_ce[6] = datetime.datetime(2566, 6, 8)  # 8/6/2566 typed in a CE-calendar Excel

    result = club_import(data=xlsx([real_date, be_typed_as_ce]), user=officer_a)

    assert result.ok, messages(result)
    assert {c.founded_on for c in Club.objects.all()} == {datetime.date(2023, 6, 8)}


def test_a_phone_number_that_lost_its_leading_zero_in_a_number_cell_gets_it_back(officer_a):
    row = list(NASOMDEE)
    row[8] = 42511000

    club_import(data=xlsx([row]), user=officer_a)

    assert Club.objects.get().contact_phone == "042511000"


def test_our_export_imports_back_unchanged(client, officer_a, province_a):
    club_import(data=xlsx([NASOMDEE, SCHOOL, PROBATION]), user=officer_a)
    client.force_login(officer_a)
    exported = client.get(reverse("programs:club_export"), {"format": "xlsx"}).getvalue()

    result = club_import(data=exported, user=officer_a)

    assert result.ok, messages(result)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert result.ignored_columns == []


# --- One bad row: nothing changes ------------------------------------------------------


def test_one_bad_row_changes_nothing_and_every_problem_is_listed(officer_a, province_a):
    existing = ClubFactory(district=province_a.districts.get(code="4801"), name=NASOMDEE[0],
                           host_organisation="เดิม")  # fmt: skip
    ClubMembershipFactory(club=existing, fiscal_year=2566, members=1, target_population=2)
    bad = list(SCHOOL)
    bad[1] = "โรงงาน"  # not a club type
    bad[6] = "31/2/2566"  # no such date
    bad[13], bad[14], bad[15] = "2023", "สิบ", "0"

    result = club_import(data=xlsx([NASOMDEE, bad, PROBATION]), user=officer_a)

    assert not result.ok
    assert [(p.row, p.column) for p in result.problems] == [
        (3, "ประเภท"),
        (3, "วันที่ก่อตั้ง"),
        (3, "ปีงบประมาณ"),
        (3, "จำนวนสมาชิก"),
        (3, "กลุ่มเป้าหมาย"),
    ]
    text = " ".join(p.message for p in result.problems)
    assert "ไม่รู้จัก “โรงงาน”" in text
    assert "ไม่มีวันที่ 31/2/2566" in text
    assert "ค.ศ." in text and "ไม่ใช่ตัวเลขจำนวนเต็ม" in text and "ไม่น้อยกว่า 1" in text
    # Nothing was written: not the good rows, not the update of the existing club.
    assert Club.objects.count() == 1
    existing.refresh_from_db()
    assert existing.host_organisation == "เดิม"
    assert ClubMembership.objects.get().members == 1


def test_school_level_rules_are_reported_on_their_column(officer_a):
    school_without_level = list(SCHOOL)
    school_without_level[2] = ""
    community_with_level = list(NASOMDEE)
    community_with_level[2] = "ประถมศึกษา"

    result = club_import(data=xlsx([school_without_level, community_with_level]), user=officer_a)

    assert messages(result) == [
        (2, "ระดับสถานศึกษา", "ชมรมในสถานศึกษาต้องระบุระดับสถานศึกษา"),
        (3, "ระดับสถานศึกษา", "ระบุระดับสถานศึกษาได้เฉพาะชมรมในสถานศึกษา"),
    ]


def test_rows_of_a_district_outside_the_officers_province_are_errors(officer_a, province_b):
    other_province = list(SCHOOL)
    other_province[3] = "3301"

    result = club_import(data=xlsx([NASOMDEE, other_province]), user=officer_a)

    assert messages(result) == [(3, "รหัสอำเภอ", "อำเภอรหัส 3301 ไม่อยู่ในจังหวัดนครพนม")]
    assert not Club.objects.exists()


def test_an_officer_cannot_import_into_another_province_by_the_province_column(
    officer_a, province_b
):
    result = club_import(
        data=xlsx([["33", *NASOMDEE]], headers=["รหัสจังหวัด", *HEADERS]), user=officer_a
    )

    assert messages(result) == [(2, "รหัสจังหวัด", "แถวนี้ไม่ใช่ของจังหวัดนครพนม ซึ่งเป็นจังหวัดที่นำเข้า")]


def test_unknown_district_name_and_subdistrict(officer_a):
    unknown_district = list(PROBATION)
    unknown_district[3] = "อำเภอไม่มีจริง"
    unknown_subdistrict = list(NASOMDEE)
    unknown_subdistrict[4] = "489999"

    result = club_import(data=xlsx([unknown_district, unknown_subdistrict]), user=officer_a)

    assert messages(result) == [
        (2, "รหัสอำเภอ", "ไม่พบอำเภอ “อำเภอไม่มีจริง” ในจังหวัดนครพนม"),
        (3, "รหัสตำบล", "ไม่พบตำบล “489999” ในอำเภอเมืองนครพนม"),
    ]


def test_the_same_club_twice_in_a_file_is_an_error_on_the_second_row(officer_a):
    result = club_import(data=xlsx([NASOMDEE, SCHOOL, NASOMDEE]), user=officer_a)

    assert messages(result) == [(4, "ชื่อชมรม", "ชื่อชมรมซ้ำกับแถวที่ 2 ในอำเภอเดียวกัน")]


def test_a_membership_needs_its_three_figures(officer_a):
    row = list(NASOMDEE)
    row[15] = ""

    result = club_import(data=xlsx([row]), user=officer_a)

    assert [(p.row, p.column) for p in result.problems] == [(2, "กลุ่มเป้าหมาย")]


def test_required_columns_missing_is_said_once_for_the_file(officer_a):
    result = club_import(data=xlsx([["ชมรมหนึ่ง"]], headers=["ชื่อชมรม"]), user=officer_a)

    assert [p.message for p in result.problems] == [
        "ไม่มีคอลัมน์ “ประเภท” ซึ่งจำเป็นต้องมี",
        "ไม่มีคอลัมน์ “รหัสอำเภอ” ซึ่งจำเป็นต้องมี",
    ]
    assert all(p.row is None for p in result.problems)


def test_unknown_columns_are_reported_as_ignored(officer_a):
    result = club_import(data=xlsx([[*NASOMDEE, "x"]], headers=[*HEADERS, "ผู้ประสานาน"]),
                         user=officer_a)  # fmt: skip

    assert result.ok
    assert result.ignored_columns == ["ผู้ประสานาน"]


# --- Formulas, files that are not spreadsheets, limits ---------------------------------------


def test_a_formula_in_an_xlsx_cell_is_refused_never_computed(officer_a):
    row = list(NASOMDEE)
    row[14] = "=SUM(1,2)"
    named = list(SCHOOL)
    named[0] = '=HYPERLINK("http://example.com","ชมรม")'

    result = club_import(data=xlsx([row, named]), user=officer_a)

    assert [(p.row, p.column) for p in result.problems] == [(2, "จำนวนสมาชิก"), (3, "ชื่อชมรม")]
    assert all("ระบบไม่คำนวณสูตร" in p.message for p in result.problems)
    assert not Club.objects.exists()


def test_a_formula_typed_in_a_csv_is_refused_too(officer_a):
    row = list(NASOMDEE)
    row[0] = "=1+2"

    result = club_import(data=csv_bytes([row]), user=officer_a)

    assert [(p.row, p.column) for p in result.problems] == [(2, "ชื่อชมรม")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "ไม่ใช่ตารางข้อมูล"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "ไม่ใช่ตารางข้อมูล"),
        (b"PK\x03\x04 not really a workbook", "ไม่ใช่ตารางข้อมูล"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Excel รุ่นเก่า (.xls)"),
        (b"", "ไฟล์ว่างเปล่า"),
        ("ชื่อ,นามสกุล\nก,ข\n".encode(), "ไม่พบแถวหัวคอลัมน์ที่มีคอลัมน์ “ชื่อชมรม”"),
    ],
)
def test_a_file_that_is_not_a_club_spreadsheet_gets_a_thai_message(officer_a, data, expected):
    result = club_import(data=data, user=officer_a)

    assert len(result.problems) == 1
    assert result.problems[0].row is None
    assert expected in result.problems[0].message


def test_a_file_too_large_is_refused(officer_a, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UPLOAD_BYTES", 1000)

    result = club_import(data=xlsx([NASOMDEE] * 50), user=officer_a)

    assert "เกินกว่าที่รับได้" in result.problems[0].message


def test_too_many_rows_are_refused(officer_a, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 2)

    result = club_import(data=csv_bytes([NASOMDEE, SCHOOL, PROBATION]), user=officer_a)

    assert result.problems[0].message == "ไฟล์มีข้อมูลเกิน 2 แถว กรุณาแบ่งเป็นหลายไฟล์"
    assert not Club.objects.exists()


def test_a_header_only_file_says_there_is_nothing_to_import(officer_a):
    result = club_import(data=xlsx([]), user=officer_a)

    assert result.problems[0].message == "ไฟล์ไม่มีข้อมูลชมรม (มีแต่หัวคอลัมน์)"


# --- Administrators and the management command --------------------------------------------


def test_administrator_file_needs_a_province_column_or_a_province(admin_user, province_a):
    without = club_import(data=xlsx([NASOMDEE]), user=admin_user)
    chosen = club_import(data=xlsx([NASOMDEE]), user=admin_user, province=province_a)

    assert "รหัสจังหวัด" in without.problems[0].message
    assert chosen.ok and chosen.created == 1


def test_administrator_province_column_must_be_a_known_code(admin_user, province_a, province_b):
    headers = ["รหัสจังหวัด", *HEADERS]
    other = list(SCHOOL)
    other[3] = "3301"

    result = club_import(data=xlsx([["99", *NASOMDEE], ["33", *other]], headers=headers),
                         user=admin_user)  # fmt: skip
    fixed = club_import(data=xlsx([["48", *NASOMDEE], ["33", *other]], headers=headers),
                        user=admin_user)  # fmt: skip

    assert messages(result) == [(2, "รหัสจังหวัด", "ไม่รู้จักจังหวัด “99” (ใช้รหัส 2 หลัก เช่น 48)")]
    assert fixed.ok
    assert sorted(Club.objects.values_list("province_id", flat=True)) == ["33", "48"]


def test_read_only_users_cannot_import(executive_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        club_import(data=xlsx([NASOMDEE]), user=executive_a)


def test_command_imports_a_file_with_a_province_and_reports_counts(tmp_path, province_a):
    path = tmp_path / "clubs.xlsx"
    path.write_bytes(xlsx([NASOMDEE, SCHOOL]))
    out = StringIO()

    call_command("import_clubs", str(path), "--province", "48", stdout=out)
    call_command("import_clubs", str(path), "--province", "48", stdout=out)

    assert "ชมรม: สร้างใหม่ 2 ปรับปรุง 0 ไม่เปลี่ยนแปลง 0" in out.getvalue()
    assert "ชมรม: สร้างใหม่ 0 ปรับปรุง 0 ไม่เปลี่ยนแปลง 2" in out.getvalue()
    assert Club.objects.count() == 2


def test_command_lists_problems_and_fails_without_writing(tmp_path, province_a):
    bad = list(SCHOOL)
    bad[3] = "9999"
    path = tmp_path / "clubs.csv"
    path.write_bytes(csv_bytes([NASOMDEE, bad]))
    err = StringIO()

    with pytest.raises(CommandError, match="พบ 1 จุดที่ต้องแก้ไข"):
        call_command("import_clubs", str(path), "--province", "48", stderr=err)

    assert "แถวที่ 3 [รหัสอำเภอ]: อำเภอรหัส 9999 ไม่อยู่ในจังหวัดนครพนม" in err.getvalue()
    assert not Club.objects.exists()


def test_command_refuses_an_unknown_province(tmp_path, province_a):
    path = tmp_path / "clubs.csv"
    path.write_bytes(csv_bytes([NASOMDEE]))

    with pytest.raises(CommandError, match="ไม่รู้จักรหัสจังหวัด 77"):
        call_command("import_clubs", str(path), "--province", "77")


# --- The upload page -----------------------------------------------------------------------


IMPORT_URL = reverse("programs:club_import")


def upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_page_shows_the_problems_table_and_saves_nothing(client, officer_a):
    bad = list(SCHOOL)
    bad[1] = "โรงงาน"
    client.force_login(officer_a)

    response = client.post(IMPORT_URL, {"file": upload("clubs.xlsx", xlsx([NASOMDEE, bad]))})

    assert response.status_code == 200
    assert "ยังไม่มีข้อมูลใดถูกบันทึก" in response.text
    assert "<td>3</td><td>ประเภท</td>" in response.text
    assert not Club.objects.exists()


def test_page_checks_first_and_writes_only_when_confirmed(client, officer_a):
    client.force_login(officer_a)
    data = xlsx([NASOMDEE, SCHOOL])

    check = client.post(IMPORT_URL, {"file": upload("clubs.xlsx", data)})

    assert check.context["result"].dry_run
    assert (check.context["result"].created, check.context["result"].memberships_created) == (2, 1)
    assert "จะสร้างใหม่ 2" in check.text
    assert "ยืนยันนำเข้า 2 แถว" in check.text
    assert [row.action for row in check.context["result"].planned] == ["create", "create"]
    assert not Club.objects.exists()  # nothing before the confirmation
    token = check.context["kept_file"].token

    confirmed = client.post(IMPORT_URL, {"kept": token, "confirm": "1"})

    assert not confirmed.context["result"].dry_run
    assert confirmed.context["result"].created == 2
    assert "สร้างใหม่ 2" in confirmed.text
    assert Club.objects.count() == 2
    # The kept file went with the confirmation: confirming again is refused.
    again = client.post(IMPORT_URL, {"kept": token, "confirm": "1"})
    assert again.context["form"].errors["file"] == [
        "ไฟล์ที่ตรวจสอบไว้หมดอายุแล้ว (เก็บไว้ 1 วัน) กรุณาเลือกไฟล์อีกครั้ง"
    ]
    assert Club.objects.count() == 2


def test_check_of_a_known_file_says_what_it_will_update(client, officer_a):
    client.force_login(officer_a)
    client.post(IMPORT_URL, {"kept": _checked(client, xlsx([NASOMDEE, SCHOOL])), "confirm": "1"})
    changed = list(NASOMDEE)
    changed[8] = "042511999"

    check = client.post(IMPORT_URL, {"file": upload("clubs.xlsx", xlsx([changed, SCHOOL]))})

    result = check.context["result"]
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert [(row.action, row.changed) for row in result.planned] == [
        ("update", ["โทรศัพท์"]),
        ("unchanged", []),
    ]
    assert Club.objects.get(name=NASOMDEE[0]).contact_phone == "042511000"


def test_a_failed_check_keeps_the_file_for_the_retry(client, admin_user, province_a):
    client.force_login(admin_user)

    # No province for the file's rows: a problem of the file, and the file is kept.
    first = client.post(IMPORT_URL, {"file": upload("clubs.xlsx", xlsx([NASOMDEE]))})

    assert first.context["result"].problems
    kept = first.context["kept_file"]
    assert kept.name == "clubs.xlsx"
    assert "ไฟล์ที่เลือกไว้: <strong>clubs.xlsx</strong>" in first.text
    assert f'value="{kept.token}"' in first.text

    # The retry names the province only; the file is not picked again.
    second = client.post(IMPORT_URL, {"kept": kept.token, "province": "48"})

    assert second.context["result"].ok and second.context["result"].dry_run
    assert not Club.objects.exists()
    client.post(IMPORT_URL, {"kept": kept.token, "province": "48", "confirm": "1"})
    assert Club.objects.get().province_id == "48"


def test_another_users_kept_file_is_not_theirs(client, officer_a, province_a):
    client.force_login(officer_a)
    token = _checked(client, xlsx([NASOMDEE]))
    client.force_login(UserFactory(username="officer_a2", role=Role.OFFICER, province=province_a))

    response = client.post(IMPORT_URL, {"kept": token, "confirm": "1"})

    assert "file" in response.context["form"].errors
    assert not Club.objects.exists()


def test_a_kept_file_expires_after_a_day(client, officer_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # only this test's kept files
    client.force_login(officer_a)
    token = _checked(client, xlsx([NASOMDEE]))
    later = timezone.now() + uploads.KEPT_FOR + datetime.timedelta(minutes=1)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(uploads.timezone, "now", lambda: later)
        assert uploads.discard_expired_uploads() == 2  # the file and its name
        assert uploads.kept_upload(user=officer_a, purpose="club-import", token=token) is None
    response = client.post(IMPORT_URL, {"kept": token, "confirm": "1"})
    assert "หมดอายุ" in response.context["form"].errors["file"][0]
    assert not Club.objects.exists()


def _checked(client, data: bytes) -> str:
    response = client.post(IMPORT_URL, {"file": upload("clubs.xlsx", data)})
    return response.context["kept_file"].token


def test_page_imports_an_officers_rows_into_their_province_only(client, officer_a, province_b):
    other = list(NASOMDEE)
    other[3], other[4] = "3301", ""
    client.force_login(officer_a)

    response = client.post(IMPORT_URL, {"file": upload("clubs.csv", csv_bytes([other]))})

    assert "อำเภอรหัส 3301 ไม่อยู่ในจังหวัดนครพนม" in response.text
    assert not Club.objects.exists()


def test_page_without_a_file_says_so_in_thai(client, officer_a):
    client.force_login(officer_a)

    response = client.post(IMPORT_URL, {})

    assert response.context["form"].errors["file"] == ["กรุณาเลือกไฟล์ที่จะนำเข้า"]


def test_administrator_chooses_the_province_of_the_file(client, admin_user, province_a):
    client.force_login(admin_user)

    token = _checked_as_admin(client, xlsx([NASOMDEE]))
    client.post(IMPORT_URL, {"kept": token, "province": "48", "confirm": "1"})

    assert Club.objects.get().province_id == "48"


def _checked_as_admin(client, data: bytes) -> str:
    response = client.post(IMPORT_URL, {"file": upload("clubs.xlsx", data), "province": "48"})
    assert response.context["result"].ok
    return response.context["kept_file"].token


@pytest.mark.parametrize("role", ["executive_a", "national_executive", "evaluator"])
def test_read_only_roles_get_403_on_the_page(client, role, request):
    client.force_login(request.getfixturevalue(role))

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"file": upload("c.xlsx", xlsx([NASOMDEE]))}).status_code == 403
    assert not Club.objects.exists()


def test_template_has_the_thai_headers_and_imports_once_filled(client, officer_a, province_a):
    DistrictFactory(province=province_a, code="4802", name_th="ปลาปาก")
    client.force_login(officer_a)

    response = client.get(reverse("programs:club_import_template"))
    book = load_workbook(io.BytesIO(response.content))
    headers = [cell.value for cell in book.worksheets[0][1]]
    book.worksheets[0].append(
        ["", "ชมรม TO BE NUMBER ONE บ้านปลาปาก", "ชุมชน", "", "4802", "", "", "8/6/2566"]
    )
    filled = io.BytesIO()
    book.save(filled)

    result = club_import(data=filled.getvalue(), user=officer_a)

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert headers[:3] == ["รหัสจังหวัด", "ชื่อชมรม", "ประเภท"]
    assert {"มีศูนย์เพื่อนใจ (มี/ไม่มี)", "ปีงบประมาณ (พ.ศ.)", "จำนวนสมาชิก (คน)",
            "จำนวนกลุ่มเป้าหมาย (คน)"} <= set(headers)  # fmt: skip
    assert book.sheetnames == ["ชมรม", "คำอธิบาย"]
    assert result.ok, messages(result)
    assert Club.objects.get().founded_on == datetime.date(2023, 6, 8)
