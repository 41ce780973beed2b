import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import F, Sum

from accounts.models import Role, User
from demo.geography import DISTRICTS, PROVINCES, SUBDISTRICTS
from demo.programs import (
    DEMO_PASSWORD,
    NKP_VISIT_CLUBS_2566,
    ROI_JAI_RAK_TOTALS,
    demo_load,
)
from programs.geography_import import geography_import
from programs.indicator_status import grade_of
from programs.models import (
    Agency,
    Club,
    ClubMembership,
    ContestEntry,
    District,
    GradeBand,
    Indicator,
    IndicatorResult,
    Objective,
    Program,
    ProgramVillage,
    Project,
    Province,
    Region,
    Subdistrict,
    TierAward,
    Village,
    VillagePlanItem,
)
from programs.selectors.villages import program_village_list, village_plan_summary
from thai.fiscal_year import current_fiscal_year

ROI_JAI_RAK_PROVINCES = {"50", "57", "58", "56"}
# What load_demo writes beyond geography, programs and users, as comparable values.
SEEDED_ROWS = {
    Club: ("province_id", "district_id", "name", "club_type", "has_friend_corner"),
    ClubMembership: ("club_id", "fiscal_year", "members", "target_population"),
    TierAward: ("province_id", "level", "district_id", "club_id", "fiscal_year", "tier"),
    ContestEntry: ("province_id", "level", "club_id", "fiscal_year", "stage", "category", "result"),
    Agency: ("province_id", "name"),
    Project: ("province_id", "agency_id", "name", "budget", "status"),
    Objective: ("program_id", "fiscal_year", "number", "name"),
    Indicator: ("objective_id", "province_id", "code", "target"),
    GradeBand: ("indicator_id", "grade", "min_score"),
    IndicatorResult: ("indicator_id", "province_id", "period", "value", "status"),
    ProgramVillage: ("village_id", "vote_result", "plan_status", "plan_status_date"),
    VillagePlanItem: ("program_village_id", "measure", "title", "budget"),
}


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
        **{
            model.__name__: list(model.objects.order_by("pk").values_list(*fields))
            for model, fields in SEEDED_ROWS.items()
        },
        "histories": [model.history.count() for model in SEEDED_ROWS if hasattr(model, "history")],
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
def test_load_demo_creates_the_four_programs():
    load_demo()

    programs = {p.slug: p for p in Program.objects.all()}
    assert set(programs) == {
        "to-be-number-one",
        "phetchabun-sufficiency",
        "roi-jai-rak",
        "phrae-development-plan",
    }
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
        "officer_phr": (Role.OFFICER, "54"),
        "officer_cmi": (Role.OFFICER, "50"),
        "officer_pnb": (Role.OFFICER, "67"),
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
    # The officer takes the demo village out of the program before replacing it.
    ProgramVillage.objects.filter(village__subdistrict_id="571501", village__number=6).delete()
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


# --- The seeds' facts ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_four_clubs_of_the_2566_visit_are_in_nakhon_phanom_in_visit_order():
    demo_load()

    visited = [Club.objects.get(province="48", name=name) for name in NKP_VISIT_CLUBS_2566]

    assert [club.name for club in visited] == [
        "ชมรม TO BE NUMBER ONE สำนักงานคุมประพฤติจังหวัดนครพนม",
        "ชมรม TO BE NUMBER ONE ชุมชนบ้านนาสมดี",
        "ชมรม TO BE NUMBER ONE ชุมชนบ้านนาราชควาย",
        "ชมรม TO BE NUMBER ONE มหาวิทยาลัยนครพนม",
    ]
    assert [(c.club_type, c.school_level) for c in visited] == [
        ("probation", ""),
        ("community", ""),
        ("community", ""),
        ("school", "university"),
    ]
    assert {club.district_id for club in visited} == {"4801"}
    assert visited[2].subdistrict.name_th == "นาราชควาย"


@pytest.mark.django_db
def test_nakhon_phanom_has_clubs_in_all_12_districts_and_coverage_of_98_03_percent():
    demo_load()

    clubs = Club.objects.filter(province="48")
    coverage = ClubMembership.objects.filter(club__province="48", fiscal_year=2566).aggregate(
        members=Sum("members"), target=Sum("target_population")
    )

    assert clubs.values("district").distinct().count() == 12
    assert clubs.count() > 30
    assert round(100 * coverage["members"] / coverage["target"], 2) == 98.03
    years = set(
        ClubMembership.objects.filter(club__province="48").values_list("fiscal_year", flat=True)
    )
    assert years == {2565, 2566, 2567, current_fiscal_year()}  # the seeds', and the current
    assert not ClubMembership.objects.filter(members__gt=F("target_population")).exists()


@pytest.mark.django_db
def test_nakhon_phanom_2565_had_8_national_entries_in_6_categories_and_7_royal_awards():
    demo_load()

    national = ContestEntry.objects.filter(province="48", fiscal_year=2565, stage="national")

    assert national.count() == 8
    assert national.values("category").distinct().count() == 6
    assert national.filter(result="royal_award").count() == 7
    # Each reached the national round from the regional one.
    assert (
        ContestEntry.objects.filter(
            province="48", fiscal_year=2565, stage="region", result="advanced"
        ).count()
        == 8
    )


@pytest.mark.django_db
def test_the_district_keeps_gold_for_a_second_year():
    demo_load()

    award = TierAward.objects.get(province="48", level="district", fiscal_year=2566)

    assert (award.get_tier_display(), award.consecutive_year) == ("ระดับทอง", 2)


@pytest.mark.django_db
def test_sisaket_teen_dancercise_team_reached_the_national_round_in_2568():
    demo_load()

    entry = ContestEntry.objects.get(
        province="33", fiscal_year=2568, stage="national", category="TEEN DANCERCISE"
    )

    assert entry.level == "province"
    assert Club.objects.filter(province="33").count() >= 3


@pytest.mark.django_db
def test_to_be_number_one_has_three_strategies_a_year_with_quarterly_results():
    demo_load()

    program = Program.objects.get(slug="to-be-number-one")
    for year in (2566, 2567, 2568):
        strategies = Objective.objects.filter(program=program, fiscal_year=year)
        assert list(strategies.values_list("number", "kind")) == [
            (1, "strategy"),
            (2, "strategy"),
            (3, "strategy"),
        ]
        assert all(s.indicators.exists() for s in strategies)
    assert strategies[1].name == "การเสริมสร้างภูมิคุ้มกันทางจิตใจให้แก่เยาวชน"
    results = IndicatorResult.objects.filter(indicator__objective__program=program)
    assert set(results.values_list("province", flat=True)) == {"48", "33"}
    assert set(results.values_list("period", flat=True)) == {1, 2, 3, 4}
    districts = results.get(
        indicator__code="TBN-3.2", province="48", indicator__objective__fiscal_year=2566, period=4
    )
    assert (districts.numerator, districts.denominator) == (12, 12)
    coverage = results.get(
        indicator__code="TBN-1.1", province="48", indicator__objective__fiscal_year=2566, period=4
    )
    assert coverage.value == Decimal("98.03")
    assert coverage.status == "on_track"
    assert results.filter(province="33").exclude(status="on_track").exists()


@pytest.mark.django_db
def test_13_of_47_village_plans_are_done_counted_by_the_selector():
    demo_load()
    admin = User.objects.get(username="admin")

    summary = village_plan_summary(program_villages=program_village_list(user=admin))

    assert (summary.overall.done, summary.overall.total) == (13, 47)
    assert len(summary.by_province) == 4
    assert sum(p.total for p in summary.by_province) == 47
    done = ProgramVillage.objects.filter(plan_status="done")
    assert not done.exclude(vote_result="approved").exists()
    drafting = ProgramVillage.objects.filter(plan_status="drafting")
    assert set(drafting.values_list("plan_status_date", flat=True)) == {datetime.date(2021, 1, 25)}
    assert not ProgramVillage.objects.filter(vote_participation__lt=75).exists()
    items = VillagePlanItem.objects.all()
    assert set(items.values_list("measure", flat=True)) == {
        "water", "agriculture", "occupation", "tourism", "prevention"
    }  # fmt: skip
    assert not items.filter(budget__lte=0).exists()


@pytest.mark.django_db
def test_chiang_mai_officer_sees_only_chiang_mai_villages():
    demo_load()
    officer = User.objects.get(username="officer_cmi")

    villages = program_village_list(user=officer)

    assert villages.count() == 14
    assert set(villages.values_list("province", flat=True)) == {"50"}


@pytest.mark.django_db
def test_phrae_tourism_revenue_is_on_track_against_its_target():
    demo_load()

    result = IndicatorResult.objects.get(
        province="54", indicator__code="PHR-01", indicator__objective__fiscal_year=2566
    )

    assert result.indicator.target == Decimal("1887")
    assert result.value == Decimal("2446.88")
    assert result.indicator.unit == "ล้านบาท"
    assert result.indicator.is_cumulative
    assert result.period == 3  # nine months into the fiscal year
    assert result.status == "on_track"
    assert result.entered_by.username == "officer_phr"


@pytest.mark.django_db
def test_phrae_otop_ita_and_12_goals():
    demo_load()
    value = {
        r.indicator.code: r.value
        for r in IndicatorResult.objects.filter(
            province="54", indicator__objective__fiscal_year=2566
        ).select_related("indicator")
    }
    ita = Indicator.objects.get(province="54", code="PHR-06", objective__fiscal_year=2566)

    assert value["PHR-02"] == Decimal(1755091742)
    assert value["PHR-03"] == Decimal("9.54")
    assert (value["PHR-04"], value["PHR-05"]) == (1307, 2390)
    assert value["PHR-07"] == 12
    assert grade_of(ita, value["PHR-06"]) == "AA"
    assert grade_of(ita, Decimal("84.99")) == "B"
    otop = Indicator.objects.get(province="54", code="PHR-02", objective__fiscal_year=2566)
    growth = 100 * (value["PHR-02"] - otop.baseline) / otop.baseline
    assert round(growth, 2) == Decimal("9.54")


@pytest.mark.django_db
def test_phetchabun_key_results_are_the_5_umbrellas_with_95_percent_targets():
    demo_load()

    objective = Objective.objects.get(program__slug="phetchabun-sufficiency", fiscal_year=2564)
    key_results = list(objective.indicators.order_by("order"))

    assert len(key_results) == 5
    for indicator, words in zip(
        key_results, ["กินอิ่ม", "นอนอุ่น", "ทุนดี", "ชีวีพร้อม", "น้อมพัฒนา"], strict=True
    ):
        assert words in indicator.name
        assert (indicator.kind, indicator.target, indicator.unit) == ("percentage", 95, "ร้อยละ")
        assert indicator.lead_agency.province_id == "67"
        assert indicator.results.exists()


@pytest.mark.django_db
def test_phetchabun_has_34_agencies_and_86_projects_led_by_community_development():
    demo_load()

    projects = Project.objects.filter(program__slug="phetchabun-sufficiency", province="67")

    assert Agency.objects.filter(province="67").count() == 34
    assert projects.count() == 86
    assert projects.values("agency").distinct().count() == 34
    assert Agency.objects.filter(province="67", name="สำนักงานพัฒนาชุมชนจังหวัดเพชรบูรณ์").exists()
    assert not projects.filter(budget__lte=0).exists()
    assert set(projects.values_list("fiscal_year", flat=True)) == {2564}


@pytest.mark.django_db
def test_rerun_keeps_what_an_officer_entered_on_demo_rows():
    demo_load()
    village = ProgramVillage.objects.filter(plan_status="drafting").first()
    village.plan_status = "not_started"
    village.save()
    village.plan_items.all().delete()
    Club.objects.filter(name=NKP_VISIT_CLUBS_2566[1]).update(has_fund=False)

    assert set(demo_load().values()) == {0}

    village.refresh_from_db()
    assert village.plan_status == "not_started"
    assert not village.plan_items.exists()
    assert not Club.objects.get(name=NKP_VISIT_CLUBS_2566[1]).has_fund


@pytest.mark.django_db
def test_demo_carries_the_latest_figures_into_the_current_fiscal_year():
    from demo.meetings import meetings_demo_load
    from meetings.models import ActionItem, Meeting

    demo_load()
    meetings_demo_load()
    year = current_fiscal_year()

    current = IndicatorResult.objects.filter(indicator__objective__fiscal_year=year)
    assert {"48", "33", "67", "54"} <= set(current.values_list("province_id", flat=True))
    assert ClubMembership.objects.filter(club__province="48", fiscal_year=year).count() == (
        Club.objects.filter(province="48").count()
    )
    for code in ("48", "33", "67", "54", "50", "56", "57", "58"):
        meetings = Meeting.objects.in_province(code)
        assert meetings.filter(date__gt=datetime.date.today()).exists(), code  # the next one
        assert ActionItem.objects.in_province(code).still_open().exists(), code
    assert set(demo_load().values()) == {0}
    assert set(meetings_demo_load().values()) <= {0}


@pytest.mark.django_db
def test_load_demo_has_periods_in_every_approval_state():
    from programs.models import ApprovalState, IndicatorResult, PeriodApproval

    load_demo()
    states = set(PeriodApproval.objects.values_list("state", flat=True))
    assert states == {s.value for s in ApprovalState} - {ApprovalState.DRAFT}
    # FY 2568 quarter 4 has figures and no sign-off: a draft.
    assert not PeriodApproval.objects.filter(fiscal_year=2568, period=4).exists()
    draft = IndicatorResult.objects.with_approval().filter(
        province_id="48", indicator__objective__fiscal_year=2568, period=4,
        indicator__frequency="quarterly", indicator__objective__program__slug="to-be-number-one",
    )  # fmt: skip
    assert draft.exists() and set(draft.values_list("approval_state", flat=True)) == {"draft"}
    returned = PeriodApproval.objects.get(state=ApprovalState.RETURNED)
    assert returned.returned_items and returned.history.count() == 2
