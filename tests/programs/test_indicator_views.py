"""The framework page, an indicator's page, its create/edit forms and its evidence files:
each user sees their own province, changes only what they may."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import GradeBand, Indicator, IndicatorAttachment
from programs.services.indicators import indicator_result_save
from tests.programs.factories import (
    AgencyFactory,
    GradeBandFactory,
    IndicatorAttachmentFactory,
    IndicatorFactory,
    IndicatorResultFactory,
    ObjectiveFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def framework(province_a, province_b, officer_a):
    program = ProgramFactory(slug="to-be-number-one", name_th="TO BE NUMBER ONE")
    strategy = ObjectiveFactory(
        program=program, fiscal_year=2568, number=1, name="การรณรงค์ปลุกจิตสำนึก"
    )
    ObjectiveFactory(program=program, fiscal_year=2567, number=1, name="ปีก่อน")
    lead = AgencyFactory(province=province_a, name="สำนักงานสาธารณสุขจังหวัดนครพนม")
    shared = IndicatorFactory(
        objective=strategy, code="TB-1", name="จำนวนกิจกรรมรณรงค์", target=100, unit="ครั้ง"
    )
    own = IndicatorFactory(
        objective=strategy, province=province_a, code="NP-1", name="ชมรมในสถานศึกษา",
        target=50, lead_agency=lead,
    )  # fmt: skip
    theirs = IndicatorFactory(
        objective=strategy, province=province_b, code="SK-1", name="ตัวชี้วัดเฉพาะศรีสะเกษ"
    )
    return {"program": program, "strategy": strategy, "shared": shared, "own": own,
            "theirs": theirs, "lead": lead}  # fmt: skip


def framework_url(year=2568, province=None) -> str:
    url = reverse("programs:framework_detail", args=["to-be-number-one", year])
    return f"{url}?province={province}" if province else url


def detail_url(indicator, province=None) -> str:
    url = reverse("programs:indicator_detail", args=[indicator.pk])
    return f"{url}?province={province}" if province else url


# --- Framework page ----------------------------------------------------------------------


def test_framework_shows_objectives_indicators_and_each_status_in_words(
    client, officer_a, framework, province_a
):
    indicator_result_save(
        indicator=framework["shared"], province=province_a, period=1, value=D(95),
        entered_by=officer_a,
    )  # fmt: skip
    client.force_login(officer_a)

    response = client.get(framework_url())

    body = response.text
    assert response.status_code == 200
    assert "การรณรงค์ปลุกจิตสำนึก" in body
    assert "TB-1" in body and "NP-1" in body
    assert "สำนักงานสาธารณสุขจังหวัดนครพนม" in body
    # A status is a colour and a word: at risk (95 against 100) and not reported yet.
    assert 'text-bg-warning status-badge"><span aria-hidden="true">!</span> เสี่ยง' in body
    assert "ยังไม่รายงาน" in body
    assert "ไตรมาสที่ 1" in body


def test_framework_never_shows_another_provinces_indicator(client, officer_a, framework):
    client.force_login(officer_a)

    response = client.get(framework_url())

    assert "SK-1" not in response.text
    assert "ศรีสะเกษ" not in response.text


def test_framework_status_is_for_the_users_own_province(
    client, officer_b, framework, province_a, officer_a
):
    indicator_result_save(
        indicator=framework["shared"], province=province_a, period=1, value=D(120),
        entered_by=officer_a,
    )  # fmt: skip
    client.force_login(officer_b)

    response = client.get(framework_url(province="48"))  # asking for A changes nothing

    assert response.context["province"].pk == "33"
    rows = response.context["objectives"][0]["rows"]
    assert [row["result"] for row in rows] == [None, None]  # TB-1 and B's own SK-1
    assert "NP-1" not in response.text


def test_framework_offers_the_program_fiscal_years(client, officer_a, framework):
    client.force_login(officer_a)

    response = client.get(framework_url())

    assert response.context["fiscal_years"] == [2568, 2567]
    assert reverse("programs:framework_detail", args=["to-be-number-one", 2567]) in response.text


def test_national_executive_chooses_a_province(
    client, national_executive, framework, province_a, officer_a
):
    indicator_result_save(
        indicator=framework["own"], province=province_a, period=1, value=D(60),
        entered_by=officer_a,
    )  # fmt: skip
    client.force_login(national_executive)

    unchosen = client.get(framework_url())
    chosen = client.get(framework_url(province="48"))

    assert "NP-1" not in unchosen.text  # shared indicators only until a province is chosen
    assert "NP-1" in chosen.text and "ตามเป้าหมาย" in chosen.text
    assert client.get(framework_url(province="99")).status_code == 404


def test_program_page_links_to_each_fiscal_years_framework(client, officer_a, framework):
    client.force_login(officer_a)

    response = client.get(reverse("programs:program_detail", args=["to-be-number-one"]))

    assert framework_url(2568) in response.text
    assert framework_url(2567) in response.text


def test_framework_of_a_year_without_objectives_says_so(client, officer_a, framework):
    client.force_login(officer_a)

    response = client.get(framework_url(2570))

    assert response.status_code == 200
    assert "ยังไม่มีกรอบผลลัพธ์ของปีงบประมาณ 2570" in response.text


# --- Indicator page ------------------------------------------------------------------------


def test_indicator_page_shows_results_per_period_who_entered_them_and_history(
    client, officer_a, framework, province_a, admin_user
):
    indicator = framework["own"]
    indicator_result_save(
        indicator=indicator, province=province_a, period=1, value=D(20),
        evidence_note="ทะเบียนชมรม", entered_by=officer_a,
    )  # fmt: skip
    indicator_result_save(
        indicator=indicator, province=province_a, period=1, value=D(55), entered_by=admin_user
    )
    client.force_login(officer_a)

    response = client.get(detail_url(indicator))

    body = response.text
    assert response.status_code == 200
    assert "ไตรมาสที่ 1" in body
    assert "ทะเบียนชมรม" in body
    assert f"บันทึกโดย {admin_user}" in body
    assert "ประวัติการแก้ไขผลงวดนี้" in body
    assert "ประวัติการแก้ไข" in body


def test_score_indicator_shows_its_grade_bands_and_the_grade_reached(
    client, officer_a, framework, province_a
):
    ita = IndicatorFactory(
        objective=framework["strategy"], province=province_a, code="ITA", kind="score",
        target=85, unit="คะแนน", frequency="yearly",
    )  # fmt: skip
    for grade, minimum in [("AA", 95), ("A", 85), ("B", 75)]:
        GradeBandFactory(indicator=ita, grade=grade, min_score=minimum)
    IndicatorResultFactory(indicator=ita, province=province_a, value=D("96.28"), status="on_track")
    client.force_login(officer_a)

    response = client.get(detail_url(ita))

    assert "ระดับ AA" in response.text
    assert "ตั้งแต่ 95.00" in response.text


def test_officer_of_another_province_gets_404_for_a_province_indicator(
    client, officer_b, framework
):
    client.force_login(officer_b)

    assert client.get(detail_url(framework["own"])).status_code == 404


def test_shared_indicator_shows_each_user_their_own_provinces_results(
    client, officer_b, framework, province_a, officer_a
):
    indicator_result_save(
        indicator=framework["shared"], province=province_a, period=1, value=D(777),
        entered_by=officer_a,
    )  # fmt: skip
    client.force_login(officer_b)

    response = client.get(detail_url(framework["shared"], province="48"))

    assert response.status_code == 200
    assert "777" not in response.text
    assert "ยังไม่มีการรายงานผล" in response.text


def test_national_user_chooses_the_province_of_a_shared_indicator(
    client, national_executive, framework, province_a, officer_a
):
    indicator_result_save(
        indicator=framework["shared"], province=province_a, period=1, value=D(777),
        entered_by=officer_a,
    )  # fmt: skip
    client.force_login(national_executive)

    response = client.get(detail_url(framework["shared"], province="48"))

    assert "777" in response.text


# --- Create and edit --------------------------------------------------------------------------


def indicator_form_data(framework, **overrides) -> dict:
    data = {
        "objective": framework["strategy"].pk,
        "code": "NP-9",
        "name": "ศูนย์เพื่อนใจในสถานศึกษา",
        "kind": "amount",
        "unit": "แห่ง",
        "direction": "higher",
        "target": "๑๒๐",
        "at_risk_margin": "10",
        "frequency": "quarterly",
        "order": "0",
        "bands-TOTAL_FORMS": "0",
        "bands-INITIAL_FORMS": "0",
        "bands-MIN_NUM_FORMS": "0",
        "bands-MAX_NUM_FORMS": "12",
    }
    return {**data, **overrides}


def test_officer_adds_an_indicator_of_their_own_province_whatever_the_form_says(
    client, officer_a, framework, province_a, province_b
):
    client.force_login(officer_a)

    response = client.post(
        reverse("programs:indicator_create"), indicator_form_data(framework, province="33")
    )

    indicator = Indicator.objects.get(code="NP-9")
    assert response.status_code == 302
    assert indicator.province == province_a
    assert indicator.target == D(120)


def test_administrator_adds_a_shared_indicator_with_grade_bands(client, admin_user, framework):
    client.force_login(admin_user)
    data = indicator_form_data(
        framework,
        code="ITA",
        kind="score",
        province="",
        **{
            "bands-TOTAL_FORMS": "2",
            "bands-0-grade": "AA",
            "bands-0-min_score": "95",
            "bands-1-grade": "A",
            "bands-1-min_score": "85",
        },
    )

    response = client.post(reverse("programs:indicator_create"), data)

    assert response.status_code == 302
    indicator = Indicator.objects.get(code="ITA")
    assert indicator.province is None
    assert list(GradeBand.objects.filter(indicator=indicator).values_list("grade", flat=True)) == [
        "AA",
        "A",
    ]


def test_indicator_form_errors_are_in_thai(client, officer_a, framework):
    client.force_login(officer_a)

    response = client.post(
        reverse("programs:indicator_create"),
        indicator_form_data(framework, target="หนึ่งร้อย", direction="range"),
    )

    assert response.status_code == 200
    assert "“หนึ่งร้อย” ไม่ใช่ตัวเลข" in response.text
    assert not Indicator.objects.filter(code="NP-9").exists()


def test_duplicate_code_in_an_objective_is_refused_in_thai(client, officer_a, framework):
    client.force_login(officer_a)

    response = client.post(
        reverse("programs:indicator_create"), indicator_form_data(framework, code="NP-1")
    )

    assert response.context["form"].errors["code"] == ["รหัสตัวชี้วัดนี้มีอยู่แล้วในยุทธศาสตร์/วัตถุประสงค์นี้"]


def test_officer_cannot_lead_an_indicator_with_another_provinces_agency(
    client, officer_a, framework, province_b
):
    other = AgencyFactory(province=province_b, name="สสจ.ศรีสะเกษ")
    client.force_login(officer_a)

    response = client.post(
        reverse("programs:indicator_create"),
        indicator_form_data(framework, lead_agency=other.pk),
    )

    assert response.status_code == 200
    assert "lead_agency" in response.context["form"].errors
    assert "สสจ.ศรีสะเกษ" not in response.text


@pytest.mark.parametrize("role", ["executive_a", "national_executive", "evaluator"])
def test_read_only_roles_get_403_on_the_create_form(client, request, framework, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("programs:indicator_create")).status_code == 403
    assert (
        client.post(reverse("programs:indicator_create"), indicator_form_data(framework))
    ).status_code == 403
    assert not Indicator.objects.filter(code="NP-9").exists()


def test_officer_edits_their_provinces_indicator(client, officer_a, framework):
    indicator = framework["own"]
    client.force_login(officer_a)

    response = client.post(
        reverse("programs:indicator_update", args=[indicator.pk]),
        indicator_form_data(framework, code="NP-1", name="ชมรมในสถานศึกษา (แก้ไข)", target="60"),
    )

    indicator.refresh_from_db()
    assert response.status_code == 302
    assert indicator.target == D(60)
    assert indicator.history.count() == 2


def test_officer_may_read_but_not_edit_a_shared_indicator(client, officer_a, framework):
    client.force_login(officer_a)
    url = reverse("programs:indicator_update", args=[framework["shared"].pk])

    assert client.get(url).status_code == 403
    assert client.post(url, indicator_form_data(framework)).status_code == 403


def test_officer_of_another_province_gets_404_on_the_edit_form(client, officer_b, framework):
    client.force_login(officer_b)
    url = reverse("programs:indicator_update", args=[framework["own"].pk])

    assert client.get(url).status_code == 404
    assert client.post(url, indicator_form_data(framework)).status_code == 404


def test_executive_gets_403_on_the_edit_form(client, executive_a, framework):
    client.force_login(executive_a)
    url = reverse("programs:indicator_update", args=[framework["own"].pk])

    assert client.get(url).status_code == 403
    assert client.post(url, indicator_form_data(framework)).status_code == 403


# --- Evidence files -------------------------------------------------------------------------


@pytest.fixture
def result_a(framework, province_a, officer_a):
    return IndicatorResultFactory(
        indicator=framework["own"], province=province_a, period=1, entered_by=officer_a
    )


def test_officer_attaches_evidence_to_their_result(client, officer_a, result_a):
    client.force_login(officer_a)
    upload = SimpleUploadedFile("ภาพกิจกรรม.pdf", b"%PDF-1.4 test", "application/pdf")

    response = client.post(
        reverse("programs:result_attachment_add", args=[result_a.pk]), {"file": upload}
    )

    assert response.status_code == 302
    attachment = IndicatorAttachment.objects.get()
    assert attachment.original_name == "ภาพกิจกรรม.pdf"
    assert attachment.uploaded_by == officer_a
    page = client.get(response.url)
    assert "ภาพกิจกรรม.pdf" in page.text


def test_executive_cannot_attach_evidence(client, executive_a, result_a):
    client.force_login(executive_a)
    upload = SimpleUploadedFile("x.pdf", b"%PDF-1.4", "application/pdf")

    response = client.post(
        reverse("programs:result_attachment_add", args=[result_a.pk]), {"file": upload}
    )

    assert response.status_code == 403
    assert not IndicatorAttachment.objects.exists()


def test_evidence_is_downloaded_in_scope_only(client, officer_a, officer_b, result_a):
    attachment = IndicatorAttachmentFactory(result=result_a)
    url = reverse("programs:result_attachment_download", args=[attachment.pk])

    client.force_login(officer_a)
    mine = client.get(url)
    client.force_login(officer_b)
    theirs = client.get(url)

    assert mine.status_code == 200
    assert mine.content == b"%PDF-1.4 evidence"
    assert "attachment;" in mine["Content-Disposition"]
    assert theirs.status_code == 404


def test_framework_queries_do_not_grow_with_the_number_of_indicators(
    client, officer_a, framework, province_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(framework_url()).status_code == 200
        return len(captured)

    client.force_login(officer_a)
    few = queries()
    for n in range(10):
        indicator = IndicatorFactory(
            objective=framework["strategy"], code=f"EXTRA-{n}", lead_agency=framework["lead"]
        )
        GradeBandFactory(indicator=indicator)
        IndicatorResultFactory(indicator=indicator, province=province_a, period=n % 4 + 1)

    assert queries() == few


def test_grade_bands_are_changed_and_removed_with_the_indicator(
    client, admin_user, framework, province_a
):
    ita = IndicatorFactory(
        objective=framework["strategy"], province=province_a, code="ITA", kind="score", target=85
    )
    top = GradeBandFactory(indicator=ita, grade="AA", min_score=95)
    dropped = GradeBandFactory(indicator=ita, grade="A", min_score=85)
    client.force_login(admin_user)
    data = indicator_form_data(
        framework,
        code="ITA",
        kind="score",
        province="48",
        **{
            "bands-TOTAL_FORMS": "3",
            "bands-INITIAL_FORMS": "2",
            "bands-0-id": str(top.pk),
            "bands-0-grade": "AA",
            "bands-0-min_score": "๙๖",
            "bands-1-id": str(dropped.pk),
            "bands-1-grade": "A",
            "bands-1-min_score": "85",
            "bands-1-DELETE": "on",
            "bands-2-grade": "B",
            "bands-2-min_score": "",
        },
    )

    refused = client.post(reverse("programs:indicator_update", args=[ita.pk]), data)
    data["bands-2-min_score"] = "75"
    saved = client.post(reverse("programs:indicator_update", args=[ita.pk]), data)

    assert "กรุณากรอกคะแนนต่ำสุดของระดับนี้" in refused.text
    assert saved.status_code == 302
    bands = {band.grade: band.min_score for band in GradeBand.objects.filter(indicator=ita)}
    assert bands == {"AA": D(96), "B": D(75)}
