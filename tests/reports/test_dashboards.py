"""The governor dashboards: what they show, to whom, and in how many queries."""

import datetime
import json
import uuid
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import Rubric
from evaluations.services.results import site_result_finalise
from evaluations.services.scoring import score_sheet_submit
from meetings.services import action_item_add, agenda_item_add
from programs.models import Boundary, Club, IndicatorStatus, ProgramVillage
from reports.dashboards.periods import dashboard_period
from tests.accounts.factories import UserFactory
from tests.evaluations.factories import RoundFactory, published_rubric, scores_for, visit_for
from tests.meetings.factories import CommitteeFactory, make_meeting
from tests.programs.factories import (
    ClubFactory,
    ClubMembershipFactory,
    ContestEntryFactory,
    DistrictFactory,
    IndicatorFactory,
    IndicatorResultFactory,
    ObjectiveFactory,
    ProgramFactory,
    ProgramVillageFactory,
    ProvinceFactory,
    SubdistrictFactory,
    TierAwardFactory,
    VillageFactory,
)
from thai.fiscal_year import period_label

FY = 2568
PERIOD = {"fy": FY, "q": 4}
BOUNDARIES = "/work/shared/data/boundaries"


def _province_world(province, user, *, size: int) -> None:
    """``size`` of everything a province dashboard shows, in FY 2568."""
    districts = [province.districts.first()] + [
        DistrictFactory(province=province, code=f"{province.pk}{n + 2:02d}") for n in range(size)
    ]
    program = ProgramFactory(slug="to-be-number-one", name_th="TO BE NUMBER ONE")
    objective = ObjectiveFactory(program=program, fiscal_year=FY, number=1)
    for n in range(size):
        district = districts[n % len(districts)]
        club = ClubFactory(district=district, has_friend_corner=n % 2 == 0)
        ClubMembershipFactory(club=club, fiscal_year=FY, members=100, target_population=200)
        TierAwardFactory(club=club, fiscal_year=FY, tier=1 + n % 6)
        ContestEntryFactory(club=club, fiscal_year=FY, category=f"ประเภท {n}", result="award")
        indicator = IndicatorFactory(objective=objective, code=f"K-{province.pk}-{n}", target=100)
        for period in (1, 2, 3, 4):
            IndicatorResultFactory(
                indicator=indicator, province=province, period=period, value=25 * period,
                status=IndicatorStatus.ON_TRACK, entered_by=user,
            )  # fmt: skip
        subdistrict = SubdistrictFactory(district=district, code=f"{district.code}{n + 10:02d}")
        ProgramVillageFactory(
            village=VillageFactory(subdistrict=subdistrict, number=1),
            plan_status="done" if n % 2 else "not_started",
            vote_result="approved",
        )
    _evaluated_sites(province, size)
    committee = CommitteeFactory(provinces=[province], name=f"คณะกรรมการจังหวัด {province.pk}")
    for n in range(size):
        meeting = make_meeting(committee, date=datetime.date(2025, 1, 1) + datetime.timedelta(n))
        item = agenda_item_add(meeting=meeting, part=4, title=f"เรื่องที่ {n}")
        action_item_add(
            agenda_item=item, description=f"ติดตามเรื่องที่ {n}", responsible="สาธารณสุขจังหวัด",
            due_date=datetime.date(2025, 6, 1),
        )  # fmt: skip


def _evaluated_sites(province, count: int, *, name: str | None = None):
    """A round of FY 2568 in ``province`` with ``count`` club visits, each scored."""
    evaluator = UserFactory(role="evaluator")
    round_ = RoundFactory(
        province=province, fiscal_year=FY, name=name or f"รอบประเมิน {province.pk}"
    )
    rubric = Rubric.objects.filter(fiscal_year=FY).first() or published_rubric(fiscal_year=FY)
    # The province's own clubs, so that the club and district figures stay as they were.
    clubs = list(Club.objects.filter(province=province).order_by("-pk")[:count])
    for n in range(count):
        club = clubs[n] if n < len(clubs) else None
        visit = visit_for(round_=round_, rubric=rubric, club=club, evaluators=[evaluator])
        score_sheet_submit(
            visit=visit, evaluator=evaluator, client_id=uuid.uuid4(), rubric_id=rubric.pk,
            scores=scores_for(visit, Decimal("0.5") + Decimal(n % 5) / 10),
        )  # fmt: skip
    return round_, evaluator


def _queries(client, url, params=PERIOD) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response


# --- what the province dashboard shows ---------------------------------------------------


@pytest.mark.django_db
def test_province_dashboard_shows_every_widget(client, province_a, officer_a, executive_a):
    _province_world(province_a, officer_a, size=3)
    agenda = agenda_item_add(
        meeting=make_meeting(
            CommitteeFactory(provinces=[province_a], name="คณะอนุกรรมการติดตาม"),
            date=datetime.date(2099, 1, 15),
        ),
        part=4,
        title="เรื่องใหม่",
    )
    action_item_add(
        agenda_item=agenda,
        description="รายงานผลภายในสัปดาห์",
        responsible="ศึกษาธิการจังหวัด",
        due_date=datetime.date(2099, 2, 1),
    )
    client.force_login(executive_a)

    response = client.get(reverse("reports:dashboard_province", args=["48"]), PERIOD)

    text = response.content.decode()
    assert "ภาพรวมจังหวัดนครพนม" in text
    assert "ไตรมาส 4/2568" in text
    assert "3/4" in text  # districts with clubs / districts (4801 and three more)
    assert "K-48-0" in text and "ตามเป้าหมาย" in text  # an indicator tile with its status
    assert "แผนเสร็จ 1 จาก 3 หมู่บ้าน" in text  # ร้อยใจรักษ์: villages by plan status
    assert "สาธารณสุขจังหวัด" in text  # an action item with its responsible agency
    assert "คณะอนุกรรมการติดตาม" in text  # the next meeting
    assert "ข้อสั่งการที่ยังไม่แล้วเสร็จ 4 เรื่อง (เกินกำหนด 3)" in text
    # Overdue first: the three due in 2025 come before the one due in 2099.
    assert text.index("ติดตามเรื่องที่") < text.index("รายงานผลภายในสัปดาห์")
    # The PDF button asks for the provincial summary of the shown year.
    assert 'name="kind" value="provincial_summary"' in text
    assert f'name="fiscal_year" value="{FY}"' in text


@pytest.mark.django_db
def test_province_dashboard_reads_only_the_chosen_fiscal_year(client, province_a, officer_a):
    _province_world(province_a, officer_a, size=1)
    client.force_login(officer_a)

    other_year = client.get(reverse("reports:dashboard_province", args=["48"]), {"fy": "๒๕๖๗"})

    text = other_year.content.decode()
    assert "ไตรมาส 4/2567" in text  # Thai digits read, a past year defaults to its Q4
    assert "K-48-0" not in text  # the FY 2568 indicator is not in FY 2567


def test_dashboard_period_falls_back_to_current_year_on_nonsense():
    from thai.fiscal_year import current_fiscal_year

    period = dashboard_period({"fy": "1999", "q": "9"})
    assert period.fiscal_year == current_fiscal_year()
    assert 1 <= period.quarter <= 4


def test_period_labels_are_buddhist_era():
    assert period_label("quarterly", 1, 2569) == "ไตรมาส 1/2569"
    assert period_label("monthly", 1, 2569) == "ต.ค. 68"  # October of FY 2569 is in 2568
    assert period_label("monthly", 4, 2569) == "ม.ค. 69"


@pytest.mark.django_db
def test_quarter_cuts_the_indicator_results(client, province_a, officer_a):
    _province_world(province_a, officer_a, size=1)
    client.force_login(officer_a)

    response = client.get(reverse("reports:dashboard_province", args=["48"]), {"fy": FY, "q": 2})

    text = response.content.decode()
    assert "ผลล่าสุด ไตรมาส 2/2568" in text
    assert "ผลล่าสุด ไตรมาส 4/2568" not in text


# --- roles -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_executive_home_is_their_province_dashboard(client, executive_a):
    client.force_login(executive_a)
    response = client.get(reverse("portal:home"))
    assert "reports/dashboard_province.html" in [t.name for t in response.templates]


@pytest.mark.django_db
def test_national_executive_home_is_the_national_dashboard(client, national_executive):
    client.force_login(national_executive)
    response = client.get(reverse("portal:home"))
    assert "reports/dashboard_national.html" in [t.name for t in response.templates]


@pytest.mark.django_db
def test_officer_dashboard_is_their_own_province(client, province_a, province_b, officer_b):
    client.force_login(officer_b)
    response = client.get(reverse("reports:dashboard"))
    assert "ภาพรวมจังหวัดศรีสะเกษ" in response.content.decode()
    assert client.get(reverse("reports:dashboard_province", args=["48"])).status_code == 404


@pytest.mark.django_db
def test_evaluator_and_provincial_users_have_no_national_dashboard(client, evaluator, executive_a):
    for user in (evaluator, executive_a):
        client.force_login(user)
        assert client.get(reverse("reports:dashboard_national")).status_code == 403
    client.force_login(evaluator)
    assert client.get(reverse("reports:dashboard")).status_code == 403


@pytest.mark.django_db
def test_district_page_links_to_clubs_and_villages(client, province_a, province_b, officer_a):
    _province_world(province_a, officer_a, size=2)
    club = ClubFactory(district=province_a.districts.get(pk="4801"), name="ชมรมบ้านนาสมดี")
    ClubFactory(district=province_b.districts.first(), name="ชมรมของจังหวัดอื่น")
    client.force_login(officer_a)

    response = client.get(reverse("reports:dashboard_district", args=["48", "4801"]), PERIOD)

    text = response.content.decode()
    assert reverse("programs:club_detail", args=[club.pk]) in text
    assert "ชมรมของจังหวัดอื่น" not in text
    village = ProgramVillage.objects.get(village__subdistrict__district_id="4801")
    assert reverse("programs:village_detail", args=[village.pk]) in text
    assert client.get(reverse("reports:dashboard_district", args=["48", "3301"])).status_code == 404


# --- query counts and freshness --------------------------------------------------------------


@pytest.mark.django_db
def test_province_dashboard_queries_do_not_grow_with_the_data(client, province_a, officer_a):
    _province_world(province_a, officer_a, size=2)
    client.force_login(officer_a)
    url = reverse("reports:dashboard_province", args=["48"])
    small, _response = _queries(client, url)

    _province_world_more(province_a, officer_a)
    large, response = _queries(client, url)

    assert "K-48-11" in response.content.decode()
    assert "รอบประเมินล่าสุด" in response.content.decode()  # 12 sites, same queries
    assert large <= small <= 28  # 28: the menu counts results due too (portal/work.py)


def _province_world_more(province, user) -> None:
    """Twelve more of everything on top of ``_province_world(size=2)``."""
    program = ProgramFactory(slug="to-be-number-one")
    objective = ObjectiveFactory(program=program, fiscal_year=FY, number=1)
    committee = CommitteeFactory(provinces=[province], name="คณะทำงานเพิ่มเติม")
    for n in range(2, 14):
        district = DistrictFactory(province=province, code=f"48{n + 20:02d}")
        club = ClubFactory(district=district)
        ClubMembershipFactory(club=club, fiscal_year=FY)
        TierAwardFactory(club=club, fiscal_year=FY, tier=1 + n % 6)
        indicator = IndicatorFactory(objective=objective, code=f"K-48-{n}", frequency="monthly")
        for period in range(1, 13):
            IndicatorResultFactory(indicator=indicator, province=province, period=period,
                                   entered_by=user)  # fmt: skip
        ProgramVillageFactory(village=VillageFactory(
            subdistrict=SubdistrictFactory(district=district, code=f"{district.code}01"), number=1
        ))  # fmt: skip
        meeting = make_meeting(committee, date=datetime.date(2025, 2, 1) + datetime.timedelta(n))
        item = agenda_item_add(meeting=meeting, part=4, title=f"วาระ {n}")
        for m in range(3):
            action_item_add(agenda_item=item, description=f"งาน {n}-{m}", responsible="อำเภอ")
    _evaluated_sites(province, 12, name="รอบประเมินล่าสุด")


@pytest.mark.django_db
def test_national_dashboard_queries_do_not_grow_with_the_data(
    client, province_a, province_b, officer_a, national_executive
):
    _province_world(province_a, officer_a, size=1)
    client.force_login(national_executive)
    url = reverse("reports:dashboard_national")
    small, _response = _queries(client, url)

    _province_world(province_b, officer_a, size=6)
    for n in range(5):
        ProvinceFactory(code=f"9{n}", name_th=f"จังหวัดใต้ {n}", region="south")
    large, response = _queries(client, url)

    assert "จังหวัดใต้ 4" in response.content.decode()
    assert large <= small <= 15


@pytest.mark.django_db
def test_national_dashboard_filters_by_region(client, province_a, national_executive):
    ProvinceFactory(code="90", name_th="สงขลา", region="south")
    client.force_login(national_executive)

    text = client.get(reverse("reports:dashboard_national"), {"region": "south"}).content.decode()

    assert "สงขลา" in text
    assert "นครพนม</a>" not in text


def _clubs_stat(response) -> str:
    text = response.content.decode()
    marker = '</div><div class="stat-label">ชมรม TO BE NUMBER ONE'
    return text[: text.index(marker)].rsplit(">", 1)[1]


@pytest.mark.django_db
def test_a_write_appears_on_the_cached_dashboards_at_once(
    client, province_a, officer_a, admin_user
):
    _province_world(province_a, officer_a, size=2)
    client.force_login(admin_user)
    province_url = reverse("reports:dashboard_province", args=["48"])
    national_url = reverse("reports:dashboard_national")
    assert _clubs_stat(client.get(province_url, PERIOD)) == "2"
    assert _clubs_stat(client.get(national_url, PERIOD)) == "2"
    repeat, _response = _queries(client, province_url)
    assert repeat <= 5  # nothing changed: the rendered figures come from the cache

    ClubFactory(district=province_a.districts.first())

    assert _clubs_stat(client.get(province_url, PERIOD)) == "3"
    assert _clubs_stat(client.get(national_url, PERIOD)) == "3"


@pytest.mark.django_db
def test_a_closed_action_item_leaves_the_overdue_count(client, province_a, officer_a):
    from meetings.models import ActionItem
    from meetings.services import action_item_set_status

    _province_world(province_a, officer_a, size=2)
    client.force_login(officer_a)
    url = reverse("reports:dashboard_province", args=["48"])
    assert "ข้อสั่งการที่ยังไม่แล้วเสร็จ 2 เรื่อง (เกินกำหนด 2)" in client.get(url).content.decode()

    action_item_set_status(
        action_item=ActionItem.objects.first(), status="done", updated_by=officer_a
    )

    assert "ข้อสั่งการที่ยังไม่แล้วเสร็จ 1 เรื่อง (เกินกำหนด 1)" in client.get(url).content.decode()


# --- boundaries and the map ------------------------------------------------------------------


@pytest.mark.django_db
def test_import_boundaries_matches_provinces_and_districts_by_code(province_a, province_b):
    for code in ("4802", "4803"):
        DistrictFactory(province=province_a, code=code)

    call_command(
        "import_boundaries", f"{BOUNDARIES}/th_adm1.geojson", f"{BOUNDARIES}/th_adm2.geojson"
    )

    assert set(Boundary.objects.values_list("code", flat=True)) == {
        "48", "33", "4801", "4802", "4803", "3301",
    }  # fmt: skip
    geometry = Boundary.objects.get(code="4801").geometry
    assert geometry["type"] == "MultiPolygon"
    longitude, latitude = geometry["coordinates"][0][0][0]
    assert 104 < longitude < 105 and 16 < latitude < 18.5  # Mueang Nakhon Phanom


@pytest.mark.django_db
def test_import_boundaries_refuses_a_broken_file_and_changes_nothing(province_a, tmp_path):
    broken = tmp_path / "broken.geojson"
    broken.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"ADM1_PCODE": "TH48"},
         "geometry": {"type": "Point", "coordinates": [104.7, 17.4]}},
    ]}))  # fmt: skip

    with pytest.raises(CommandError, match="Polygon"):
        call_command("import_boundaries", str(broken))

    assert not Boundary.objects.exists()


@pytest.mark.django_db
def test_map_degrades_to_a_table_without_boundaries(client, province_a, officer_a):
    client.force_login(officer_a)
    url = reverse("reports:dashboard_province", args=["48"])

    without = client.get(url).content.decode()
    call_command("import_boundaries", BOUNDARIES)
    with_map = client.get(url).content.decode()

    assert "ยังไม่ได้นำเข้าขอบเขตพื้นที่" in without and 'id="map-config"' not in without
    assert 'id="map-config"' in with_map
    assert "เมืองนครพนม" in without  # the district table is there either way


@pytest.mark.django_db
def test_served_boundaries_follow_a_new_import(client, province_a, officer_a, tmp_path):
    client.force_login(officer_a)
    url = reverse("reports:dashboard_boundaries", args=["48"])
    call_command("import_boundaries", f"{BOUNDARIES}/th_adm2.geojson")
    first = client.get(url).json()
    assert [f["properties"]["name"] for f in first["features"]] == ["เมืองนครพนม"]

    square = [[104.0, 17.0], [104.5, 17.0], [104.5, 17.5], [104.0, 17.5], [104.0, 17.0]]
    replacement = tmp_path / "districts.geojson"
    replacement.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"ADM2_PCODE": "TH4801"},
         "geometry": {"type": "Polygon", "coordinates": [square]}},
    ]}))  # fmt: skip
    call_command("import_boundaries", str(replacement))

    again = client.get(url).json()
    assert again["features"][0]["geometry"]["coordinates"] == [[square]]


@pytest.mark.django_db
def test_evaluation_widget_shows_the_latest_round_and_a_finalised_result(
    client, province_a, province_b, officer_a
):
    round_, chair = _evaluated_sites(province_a, 3, name="ตรวจประเมินรอบพื้นที่ 2568")
    _evaluated_sites(province_b, 2, name="รอบของจังหวัดอื่น")
    client.force_login(officer_a)
    url = reverse("reports:dashboard_province", args=["48"])

    text = client.get(url, PERIOD).content.decode()

    assert "ตรวจประเมินรอบพื้นที่ 2568" in text and "รอบของจังหวัดอื่น" not in text
    assert "ให้คะแนนแล้ว 3 จาก 3 แห่ง · ยืนยันผล 0 แห่ง" in text
    assert "ดูเป็นตาราง" in text  # the distribution has its table alternative

    site_result_finalise(visit=round_.visits.first(), user=chair)

    assert "ยืนยันผล 1 แห่ง" in client.get(url, PERIOD).content.decode()  # not the cached page
