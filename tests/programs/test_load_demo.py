import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import Role, User
from programs.demo_data import DEMO_PASSWORD, ROI_JAI_RAK_TOTALS, demo_load
from programs.demo_geography import DISTRICTS, PROVINCES, SUBDISTRICTS
from programs.geography_import import geography_import
from programs.models import District, Program, Province, Region, Subdistrict, Village

ROI_JAI_RAK_PROVINCES = {"50", "57", "58", "56"}


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Everything load_demo writes, as comparable values."""
    return {
        "provinces": list(Province.objects.values_list("code", "name_th", "name_en", "region")),
        "districts": list(District.objects.values_list("code", "name_th", "name_en")),
        "subdistricts": list(Subdistrict.objects.values_list("code", "name_th", "name_en")),
        "programs": list(Program.objects.values_list("slug", "name_th", "start_year")),
        "program_provinces": list(
            Program.provinces.through.objects.values_list("program__slug", "province_id")
        ),
        "villages": list(Village.objects.values_list("subdistrict_id", "number", "name_th")),
        "users": list(
            User.objects.order_by("username").values_list(
                "username", "role", "province_id", "position", "password"
            )
        ),
    }


def official(name: str) -> dict[str, dict]:
    rows = json.loads((settings.SHARED_DATA_DIR / "geography" / name).read_text("utf-8"))
    key = {"provinces.json": "provinceCode", "districts.json": "districtCode"}.get(
        name, "subdistrictCode"
    )
    return {str(row[key]): row for row in rows}


@pytest.mark.django_db
def test_load_demo_builds_the_country_and_nakhon_phanom():
    load_demo()

    assert Province.objects.count() == 77
    assert District.objects.filter(province="48").count() == 12
    nakhon_phanom = Province.objects.get(code="48")
    assert (nakhon_phanom.name_th, nakhon_phanom.name_en) == ("นครพนม", "Nakhon Phanom")
    assert nakhon_phanom.region == Region.NORTHEAST
    assert Province.objects.get(code="67").region == Region.NORTH
    assert not Province.objects.filter(name_en="").exists()


@pytest.mark.django_db
def test_load_demo_creates_roi_jai_rak_villages_with_the_seed_totals():
    load_demo()

    program = Program.objects.get(slug="roi-jai-rak")
    assert set(program.provinces.values_list("code", flat=True)) == ROI_JAI_RAK_PROVINCES
    villages = Village.objects.filter(subdistrict__district__province__in=ROI_JAI_RAK_PROVINCES)
    totals = {
        "villages": villages.count(),
        "subdistricts": villages.values("subdistrict").distinct().count(),
        "districts": villages.values("subdistrict__district").distinct().count(),
        "provinces": villages.values("subdistrict__district__province").distinct().count(),
    }
    assert (
        totals
        == ROI_JAI_RAK_TOTALS
        == {
            "villages": 47,
            "subdistricts": 33,
            "districts": 19,
            "provinces": 4,
        }
    )


@pytest.mark.django_db
def test_load_demo_creates_the_three_programs():
    load_demo()

    programs = {p.slug: p for p in Program.objects.all()}
    assert set(programs) == {"to-be-number-one", "phetchabun-sufficiency", "roi-jai-rak"}
    to_be_number_one = programs["to-be-number-one"]
    assert to_be_number_one.start_year == 2545
    assert "กรมสุขภาพจิต" in to_be_number_one.owner_agency
    assert not to_be_number_one.provinces.exists()  # nationwide
    sisaket = Province.objects.get(code="33")
    assert to_be_number_one in Program.objects.operating_in(sisaket)
    phetchabun = programs["phetchabun-sufficiency"]
    assert phetchabun.start_year == 2564
    assert list(phetchabun.provinces.values_list("code", flat=True)) == ["67"]
    assert phetchabun.owner_agency == "สำนักงานพัฒนาชุมชนจังหวัดเพชรบูรณ์"


@pytest.mark.django_db
def test_load_demo_creates_one_user_per_role_with_the_right_province():
    load_demo()

    expected = {
        "admin": (Role.ADMINISTRATOR, None),
        "officer_nkp": (Role.OFFICER, "48"),
        "officer_ssk": (Role.OFFICER, "33"),
        "evaluator": (Role.EVALUATOR, None),
        "evaluator2": (Role.EVALUATOR, None),
        "governor_nkp": (Role.EXECUTIVE, "48"),
        "executive": (Role.EXECUTIVE, None),
    }
    users = {u.username: u for u in User.objects.filter(username__in=expected)}
    assert {name: (u.role, u.province_id) for name, u in users.items()} == expected
    assert all(u.check_password(DEMO_PASSWORD) for u in users.values())
    assert users["admin"].is_administrator
    assert users["executive"].is_national
    assert not users["governor_nkp"].is_national
    assert users["evaluator"].get_full_name() == "นายวีรวัฒน์ เต็งอำนวย"
    assert users["governor_nkp"].position == "ผู้ว่าราชการจังหวัดนครพนม"
    assert users["officer_nkp"].position == ("นักวิชาการสาธารณสุข สำนักงานสาธารณสุขจังหวัดนครพนม")


@pytest.mark.django_db
def test_second_run_creates_nothing_and_changes_nothing():
    load_demo()
    before = snapshot()

    output = load_demo()

    assert snapshot() == before
    assert "ข้อมูลสาธิตครบแล้ว ไม่มีการเปลี่ยนแปลง" in output
    assert set(demo_load().values()) == {0}


@pytest.mark.django_db
def test_rerun_keeps_passwords_user_villages_and_added_provinces():
    load_demo()
    officer = User.objects.get(username="officer_nkp")
    officer.set_password("changed-by-the-user-9")
    officer.save()
    program = Program.objects.get(slug="phetchabun-sufficiency")
    program.provinces.add(Province.objects.get(code="54"))
    Village.objects.filter(subdistrict_id="500402", number=4).update(name_th="ชื่อที่ผู้ใช้แก้")

    load_demo()

    officer.refresh_from_db()
    assert officer.check_password("changed-by-the-user-9")
    assert set(program.provinces.values_list("code", flat=True)) == {"67", "54"}
    assert Village.objects.get(subdistrict_id="500402", number=4).name_th == "ชื่อที่ผู้ใช้แก้"


@pytest.mark.django_db
def test_rerun_keeps_what_an_administrator_changed_on_a_demo_user():
    load_demo()
    User.objects.filter(username="governor_nkp").update(position="รองผู้ว่าราชการจังหวัดนครพนม")

    load_demo()

    governor = User.objects.get(username="governor_nkp")
    assert (governor.province_id, governor.position) == ("48", "รองผู้ว่าราชการจังหวัดนครพนม")


@pytest.mark.django_db
def test_village_number_already_entered_is_left_to_the_officer():
    load_demo()
    Village.objects.filter(subdistrict_id="571501", number=6).delete()
    Village.objects.create(subdistrict_id="571501", number=6, name_th="หมู่บ้านของจริง")

    load_demo()

    assert Village.objects.get(subdistrict_id="571501", number=6).name_th == "หมู่บ้านของจริง"
    assert Village.objects.filter(subdistrict_id="571501").count() == 2


@pytest.mark.django_db
def test_load_demo_after_full_import_changes_no_imported_row():
    geography_import(directory=settings.SHARED_DATA_DIR / "geography")
    imported = {
        "provinces": list(Province.objects.values_list("code", "name_th", "name_en", "region")),
        "districts": list(
            District.objects.values_list("code", "name_th", "name_en", "postal_code")
        ),
        "subdistricts": list(
            Subdistrict.objects.values_list("code", "name_th", "name_en", "postal_code")
        ),
    }

    load_demo()

    after = {
        "provinces": list(Province.objects.values_list("code", "name_th", "name_en", "region")),
        "districts": list(
            District.objects.values_list("code", "name_th", "name_en", "postal_code")
        ),
        "subdistricts": list(
            Subdistrict.objects.values_list("code", "name_th", "name_en", "postal_code")
        ),
    }
    assert after == imported
    assert Village.objects.count() == 47


def test_embedded_geography_matches_the_official_files():
    provinces = official("provinces.json")
    districts = official("districts.json")
    subdistricts = official("subdistricts.json")

    wrong = [
        (code, name_th)
        for code, name_th in PROVINCES.items()
        if code not in provinces or provinces[code]["provinceNameTh"] != name_th
    ]
    wrong += [
        (code, names)
        for code, names in DISTRICTS.items()
        if code not in districts
        or (districts[code]["districtNameTh"], districts[code]["districtNameEn"]) != names
        or str(districts[code]["provinceCode"]) != code[:2]
    ]
    wrong += [
        (code, names)
        for code, names in SUBDISTRICTS.items()
        if code not in subdistricts
        or (subdistricts[code]["subdistrictNameTh"], subdistricts[code]["subdistrictNameEn"])
        != names
        or str(subdistricts[code]["districtCode"]) != code[:4]
    ]
    assert wrong == []
    assert set(PROVINCES) == set(provinces)


def test_embedded_geography_nests_without_the_official_files():
    assert all(code[:2] in PROVINCES for code in DISTRICTS)
    assert all(code[:4] in DISTRICTS for code in SUBDISTRICTS)
    nakhon_phanom = [code for code in DISTRICTS if code.startswith("48")]
    assert len(nakhon_phanom) == 12
