"""Importing DOPA geography: the real files, a second run, and broken copies.

The shared files are read from settings.SHARED_DATA_DIR; broken variants are copies
in tmp_path, never in the repository.
"""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from core.imports import ImportRefused
from programs.geography_import import geography_import
from programs.models import District, Province, Region, Subdistrict

pytestmark = pytest.mark.django_db

FILES = ["provinces.json", "districts.json", "subdistricts.json"]


@pytest.fixture
def shared_geography() -> Path:
    directory = Path(settings.SHARED_DATA_DIR) / "geography"
    assert all((directory / name).is_file() for name in FILES), directory
    return directory


@pytest.fixture
def geography_copy(shared_geography, tmp_path) -> Path:
    """A private copy of the three files, to be broken by the test."""
    for name in FILES:
        shutil.copy(shared_geography / name, tmp_path / name)
    return tmp_path


def read(directory: Path, name: str) -> list[dict]:
    return json.loads((directory / name).read_text(encoding="utf-8"))


def write(directory: Path, name: str, records) -> None:
    (directory / name).write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")


def import_command(directory: Path) -> str:
    out = StringIO()
    call_command("import_geography", str(directory), stdout=out)
    return out.getvalue()


def counts() -> tuple[int, int, int]:
    return Province.objects.count(), District.objects.count(), Subdistrict.objects.count()


# --- The real files ---------------------------------------------------------------


def test_import_of_the_shared_files_creates_every_province_district_and_subdistrict(
    shared_geography,
):
    output = import_command(shared_geography)

    assert counts() == (77, 928, 7436)
    assert "จังหวัด: สร้างใหม่ 77" in output
    assert "อำเภอ: สร้างใหม่ 928" in output
    assert "ตำบล: สร้างใหม่ 7,436" in output
    assert "นำเข้าข้อมูลพื้นที่เรียบร้อย" in output


def test_imported_provinces_are_assigned_their_contest_region(shared_geography):
    geography_import(directory=shared_geography)

    regions = dict(
        Province.objects.filter(code__in=["48", "33", "10", "50", "90", "20"]).values_list(
            "code", "region"
        )
    )
    assert regions == {
        "48": Region.NORTHEAST,
        "33": Region.NORTHEAST,
        "10": Region.BANGKOK,
        "50": Region.NORTH,
        "90": Region.SOUTH,
        "20": Region.CENTRAL_EAST,
    }
    assert Province.objects.filter(region=Region.BANGKOK).count() == 1
    assert not Province.objects.exclude(region__in=Region.values).exists()


def test_imported_names_and_nesting_follow_the_dopa_codes(shared_geography):
    geography_import(directory=shared_geography)

    nakhon_phanom = Province.objects.get(code="48")
    assert nakhon_phanom.name_th == "นครพนม"
    assert nakhon_phanom.name_en == "Nakhon Phanom"
    district = District.objects.get(code="4801")
    assert district.province_id == "48"
    assert district.postal_code.isdigit() and len(district.postal_code) == 5
    assert Subdistrict.objects.get(code="480101").district_id == "4801"
    assert all(d.code.startswith(d.province_id) for d in District.objects.all())
    assert (
        not Subdistrict.objects.filter(district__province="48")
        .exclude(code__startswith="48")
        .exists()
    )


def test_every_province_has_districts_and_every_district_has_subdistricts(shared_geography):
    geography_import(directory=shared_geography)

    assert not Province.objects.filter(districts=None).exists()
    assert not District.objects.filter(subdistricts=None).exists()


def test_second_import_changes_nothing_and_says_so(shared_geography):
    import_command(shared_geography)

    output = import_command(shared_geography)

    assert counts() == (77, 928, 7436)
    assert "ไม่มีการเปลี่ยนแปลง" in output
    assert "สร้างใหม่ 0 ปรับปรุง 0 ไม่เปลี่ยนแปลง 77" in output
    assert "สร้างใหม่ 0 ปรับปรุง 0 ไม่เปลี่ยนแปลง 7,436" in output
    assert "นำเข้าข้อมูลพื้นที่เรียบร้อย" not in output


def test_second_import_result_reports_no_change(shared_geography):
    geography_import(directory=shared_geography)

    result = geography_import(directory=shared_geography)

    assert not result.changed
    assert {name: (c.created, c.updated) for name, c in result.counts.items()} == {
        "province": (0, 0),
        "district": (0, 0),
        "subdistrict": (0, 0),
    }


def test_import_updates_a_renamed_row_and_nothing_else(geography_copy):
    geography_import(directory=geography_copy)
    provinces = read(geography_copy, "provinces.json")
    for record in provinces:
        if record["provinceCode"] == 48:
            record["provinceNameEn"] = "Nakhon Phanom (renamed)"
    write(geography_copy, "provinces.json", provinces)

    result = geography_import(directory=geography_copy)

    assert Province.objects.get(code="48").name_en == "Nakhon Phanom (renamed)"
    assert (result.counts["province"].updated, result.counts["province"].unchanged) == (1, 76)
    assert result.counts["subdistrict"].updated == 0


# --- Broken copies: an error naming file and row, and nothing written --------------


def test_district_with_unknown_province_code_is_refused_naming_file_and_row(geography_copy):
    districts = read(geography_copy, "districts.json")
    districts[4]["provinceCode"] = 99
    write(geography_copy, "districts.json", districts)
    bad_code = districts[4]["districtCode"]

    with pytest.raises(CommandError) as caught:
        import_command(geography_copy)

    message = str(caught.value)
    assert "districts.json แถวที่ 5" in message
    assert str(bad_code) in message
    assert "provinceCode" in message
    assert "ไม่มีการเปลี่ยนแปลงข้อมูล" in message
    assert counts() == (0, 0, 0)


def test_invalid_json_is_refused_naming_the_file(geography_copy):
    text = (geography_copy / "subdistricts.json").read_text(encoding="utf-8")
    (geography_copy / "subdistricts.json").write_text(text[: len(text) // 2], encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        import_command(geography_copy)

    assert "subdistricts.json อ่านไม่ได้" in str(caught.value)
    assert counts() == (0, 0, 0)


def test_duplicate_code_is_refused_naming_file_and_row(geography_copy):
    provinces = read(geography_copy, "provinces.json")
    provinces.append({**provinces[0], "provinceNameTh": "ซ้ำ"})
    write(geography_copy, "provinces.json", provinces)

    with pytest.raises(ImportRefused) as caught:
        geography_import(directory=geography_copy)

    assert caught.value.problems == [
        f"provinces.json แถวที่ 78: รหัส {provinces[0]['provinceCode']} ซ้ำ"
    ]
    assert counts() == (0, 0, 0)


def test_missing_file_is_refused_naming_the_file(geography_copy):
    (geography_copy / "districts.json").unlink()

    with pytest.raises(CommandError) as caught:
        import_command(geography_copy)

    assert "ไม่พบไฟล์" in str(caught.value)
    assert "districts.json" in str(caught.value)
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("change", "expected_problem"),
    [
        ({"subdistrictCode": "48010A"}, "ต้องเป็นตัวเลข 6 หลัก"),
        ({"subdistrictCode": 4801011}, "ต้องเป็นตัวเลข 6 หลัก"),
        ({"subdistrictNameTh": "  "}, "ไม่มีชื่อภาษาไทย"),
        ({"districtCode": 3301}, "ไม่อยู่ใน districtCode"),
    ],
)
def test_bad_subdistrict_row_is_refused_naming_file_and_row(
    geography_copy, change, expected_problem
):
    subdistricts = read(geography_copy, "subdistricts.json")
    subdistricts[9].update(change)
    write(geography_copy, "subdistricts.json", subdistricts)

    with pytest.raises(ImportRefused) as caught:
        geography_import(directory=geography_copy)

    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith("subdistricts.json แถวที่ 10:")
    assert expected_problem in caught.value.problems[0]
    assert counts() == (0, 0, 0)


def test_file_that_is_not_a_list_is_refused(geography_copy):
    write(geography_copy, "provinces.json", {"provinceCode": 10})

    with pytest.raises(ImportRefused) as caught:
        geography_import(directory=geography_copy)

    assert "provinces.json ต้องเป็นรายการ" in caught.value.problems[0]
    assert counts() == (0, 0, 0)


def test_every_problem_is_reported_at_once(geography_copy):
    provinces = read(geography_copy, "provinces.json")
    provinces[0]["provinceNameTh"] = ""
    provinces[1]["provinceCode"] = "x"
    write(geography_copy, "provinces.json", provinces)

    with pytest.raises(ImportRefused) as caught:
        geography_import(directory=geography_copy)

    problems = caught.value.problems
    assert problems[0].startswith("provinces.json แถวที่ 1:")
    assert problems[1].startswith("provinces.json แถวที่ 2:")


def test_broken_later_file_leaves_a_previous_good_import_unchanged(geography_copy):
    geography_import(directory=geography_copy)
    before = counts()
    # A change that would be written, and a broken file after it.
    provinces = read(geography_copy, "provinces.json")
    provinces[0]["provinceNameEn"] = "Changed"
    write(geography_copy, "provinces.json", provinces)
    subdistricts = read(geography_copy, "subdistricts.json")
    subdistricts.append({**subdistricts[-1]})
    write(geography_copy, "subdistricts.json", subdistricts)

    with pytest.raises(CommandError) as caught:
        import_command(geography_copy)

    assert f"subdistricts.json แถวที่ {len(subdistricts)}" in str(caught.value)
    assert counts() == before == (77, 928, 7436)
    assert Province.objects.get(code=str(provinces[0]["provinceCode"])).name_en != "Changed"


def test_command_error_lists_at_most_fifty_problems(geography_copy):
    write(
        geography_copy,
        "districts.json",
        [
            {"districtCode": 1000 + n, "provinceCode": 99, "districtNameTh": "ก"}
            for n in range(1, 80)
        ],
    )

    with pytest.raises(CommandError) as caught:
        import_command(geography_copy)

    message = str(caught.value)
    assert "districts.json แถวที่ 50:" in message
    assert "districts.json แถวที่ 51:" not in message
    assert counts() == (0, 0, 0)
