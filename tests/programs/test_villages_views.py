"""ร้อยใจรักษ์ village pages: the scoped list with its computed summary, a village's page,
and the officer's forms — each with the outsider (404) and the read-only role (403)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import (
    PlanStatus,
    ProgramVillage,
    Subdistrict,
    Village,
    VillagePlanItem,
    VoteResult,
)
from tests.programs.factories import (
    DistrictFactory,
    ProgramFactory,
    ProgramVillageFactory,
    SubdistrictFactory,
    VillageFactory,
    VillagePlanItemFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("programs:village_list")
ADD = reverse("programs:village_add")


@pytest.fixture
def program(province_a, province_b):
    program = ProgramFactory(slug="roi-jai-rak", name_th="โครงการร้อยใจรักษ์")
    program.provinces.set([province_a, province_b])
    return program


@pytest.fixture
def village_a(program):
    """หมู่ 4 บ้านนาหวาย of province A, its plan done."""
    return ProgramVillageFactory(
        program=program,
        village__subdistrict=Subdistrict.objects.get(code="480101"),
        village__number=4,
        village__name_th="นาหวาย",
        vote_result=VoteResult.APPROVED,
        plan_status=PlanStatus.DONE,
    )


@pytest.fixture
def village_b(program):
    return ProgramVillageFactory(
        program=program,
        village__subdistrict=Subdistrict.objects.get(code="330101"),
        village__name_th="ห้วยลับจังหวัดบี",
    )


def detail_url(program_village) -> str:
    return reverse("programs:village_detail", args=[program_village.pk])


def status_url(program_village) -> str:
    return reverse("programs:village_status", args=[program_village.pk])


def item_add_url(program_village) -> str:
    return reverse("programs:village_item_add", args=[program_village.pk])


# --- List --------------------------------------------------------------------------------


def test_officer_lists_only_the_villages_of_their_province(client, officer_a, village_a, village_b):
    client.force_login(officer_a)

    response = client.get(LIST)

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [village_a]
    body = response.content.decode()
    assert "บ้านนาหวาย หมู่ที่ 4" in body
    assert "ห้วยลับจังหวัดบี" not in body
    assert "province" not in response.context["filter"].form.fields


def test_the_summary_is_counted_from_plan_status(client, officer_a, village_a, program):
    ProgramVillageFactory(
        program=program, village__subdistrict=village_a.village.subdistrict, village__number=5
    )
    client.force_login(officer_a)

    response = client.get(LIST)

    assert "แผนหมู่บ้านเสร็จแล้ว 1 จาก 2 หมู่บ้าน" in response.content.decode()


def test_national_executive_lists_every_province_and_filters_by_province(
    client, national_executive, village_a, village_b
):
    client.force_login(national_executive)

    everything = client.get(LIST)
    only_b = client.get(LIST, {"province": "33"})

    assert set(everything.context["object_list"]) == {village_a, village_b}
    assert "province" in everything.context["filter"].form.fields
    assert list(only_b.context["object_list"]) == [village_b]
    assert "แผนหมู่บ้านเสร็จแล้ว 0 จาก 1 หมู่บ้าน" in only_b.content.decode()


def test_an_officer_cannot_filter_their_way_into_another_province(
    client, officer_a, village_a, village_b
):
    client.force_login(officer_a)

    response = client.get(LIST, {"province": "33", "district": "3301"})

    assert list(response.context["object_list"]) == [village_a]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"plan_status": "done"}, ["นาหวาย"]),
        ({"plan_status": "not_started"}, ["ห้วยหก"]),
        ({"vote_result": "pending"}, ["ห้วยหก"]),
        ({"district": "4802"}, ["ห้วยหก"]),
        ({"q": "ห้วย"}, ["ห้วยหก"]),
        ({"q": "บ้านนาหวาย"}, ["นาหวาย"]),
        ({"q": "ปลาปาก"}, ["ห้วยหก"]),
    ],
)
def test_list_filters_and_search(client, officer_a, village_a, program, params, expected):
    district = DistrictFactory(province=officer_a.province, code="4802", name_th="ปลาปาก")
    subdistrict = SubdistrictFactory(district=district, code="480201")
    ProgramVillageFactory(
        program=program, village__subdistrict=subdistrict, village__name_th="ห้วยหก"
    )
    client.force_login(officer_a)

    response = client.get(LIST, params)

    assert [pv.village.name_th for pv in response.context["object_list"]] == expected


def test_list_paginates_and_the_summary_counts_every_page(client, officer_a, program):
    subdistrict = Subdistrict.objects.get(code="480101")
    for number in range(1, 31):
        ProgramVillageFactory(
            program=program, village__subdistrict=subdistrict, village__number=number
        )
    client.force_login(officer_a)

    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    assert len(first.context["object_list"]) == 25
    assert len(second.context["object_list"]) == 5
    assert "แผนหมู่บ้านเสร็จแล้ว 0 จาก 30 หมู่บ้าน" in second.content.decode()


def test_list_query_count_does_not_grow_with_the_villages(client, officer_a, program):
    subdistrict = Subdistrict.objects.get(code="480101")
    ProgramVillageFactory(program=program, village__subdistrict=subdistrict, village__number=1)
    client.force_login(officer_a)

    cache.clear()  # the menu's counts counted both times, not read from the cache
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for number in range(2, 22):
        ProgramVillageFactory(
            program=program, village__subdistrict=subdistrict, village__number=number
        )
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)

    assert len(many.captured_queries) == len(few.captured_queries)


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# --- Detail ------------------------------------------------------------------------------


def test_village_page_shows_vote_plan_and_items_by_measure(client, officer_a, village_a):
    VillagePlanItemFactory(
        program_village=village_a, measure="water", title="ระบบประปาภูเขา", budget=250000
    )
    VillagePlanItemFactory(
        program_village=village_a, measure="prevention", title="ลานกีฬาต้านยาเสพติด", budget=80000
    )
    client.force_login(officer_a)

    response = client.get(detail_url(village_a))

    body = response.content.decode()
    assert response.status_code == 200
    assert "ตำบลในเมือง อำเภอเมืองนครพนม จังหวัดนครพนม" in body
    assert "ประชาคมเห็นชอบ" in body
    assert body.index("แหล่งน้ำ") < body.index("การป้องกันยาเสพติด/เยาวชน")
    assert "250,000 บาท" in body
    assert "330,000 บาท" in body  # the plan's total
    assert "ประวัติการแก้ไข" in body
    assert status_url(village_a) in body


def test_executive_reads_a_village_without_edit_links(client, executive_a, village_a):
    client.force_login(executive_a)

    response = client.get(detail_url(village_a))

    assert response.status_code == 200
    assert status_url(village_a) not in response.content.decode()


def test_officer_of_another_province_gets_404_for_a_village(client, officer_b, village_a):
    client.force_login(officer_b)

    assert client.get(detail_url(village_a)).status_code == 404


# --- Vote and plan status ------------------------------------------------------------------


def test_officer_records_the_vote_with_a_thai_date(client, officer_a, program):
    program_village = ProgramVillageFactory(
        program=program, village__subdistrict=Subdistrict.objects.get(code="480101")
    )
    client.force_login(officer_a)

    response = client.post(
        status_url(program_village),
        {
            "vote_result": "approved",
            "vote_date": "๑๐ ธ.ค. ๒๕๖๓",
            "vote_participation": "๗๘.๕",
            "plan_status": "done",
            "plan_status_date": "20/1/2564",
        },
    )

    assert response.status_code == 302
    program_village.refresh_from_db()
    assert str(program_village.vote_date) == "2020-12-10"
    assert str(program_village.vote_participation) == "78.50"
    assert (program_village.plan_status, str(program_village.plan_status_date)) == (
        "done",
        "2021-01-20",
    )
    assert program_village.history.first().history_user == officer_a


def test_plan_done_before_the_vote_is_refused_with_the_thai_message(client, officer_a, program):
    program_village = ProgramVillageFactory(
        program=program, village__subdistrict=Subdistrict.objects.get(code="480101")
    )
    client.force_login(officer_a)

    response = client.post(
        status_url(program_village),
        {"vote_result": "pending", "plan_status": "done", "plan_status_date": "20/1/2564"},
    )

    assert response.status_code == 200
    assert "แผนหมู่บ้านจะเสร็จได้เมื่อประชาคมเห็นชอบแล้วเท่านั้น" in response.content.decode()
    program_village.refresh_from_db()
    assert program_village.plan_status == "not_started"


def test_a_christian_era_year_is_refused(client, officer_a, village_a):
    client.force_login(officer_a)

    response = client.post(
        status_url(village_a),
        {"vote_result": "approved", "vote_date": "10/12/2020", "plan_status": "drafting"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["vote_date"]
    village_a.refresh_from_db()
    assert village_a.plan_status == "done"


def test_the_status_form_starts_from_what_is_recorded(client, officer_a, village_a):
    client.force_login(officer_a)

    response = client.get(status_url(village_a))

    assert response.status_code == 200
    assert response.context["form"].initial["plan_status"] == "done"


@pytest.mark.parametrize("method", ["get", "post"])
def test_executive_cannot_change_a_village_status(client, executive_a, village_a, method):
    client.force_login(executive_a)

    response = getattr(client, method)(status_url(village_a), {"vote_result": "rejected"})

    assert response.status_code == 403
    village_a.refresh_from_db()
    assert village_a.vote_result == "approved"


@pytest.mark.parametrize("method", ["get", "post"])
def test_officer_of_another_province_cannot_reach_the_status_form(
    client, officer_b, village_a, method
):
    client.force_login(officer_b)

    response = getattr(client, method)(status_url(village_a), {"vote_result": "rejected"})

    assert response.status_code == 404
    village_a.refresh_from_db()
    assert village_a.vote_result == "approved"


# --- Plan items -----------------------------------------------------------------------------


def test_officer_adds_a_plan_item_with_thai_digits(client, officer_a, village_a):
    client.force_login(officer_a)

    response = client.post(
        item_add_url(village_a),
        {"measure": "agriculture", "title": "ปลูกกาแฟใต้ร่มไม้", "budget": "๑๒๐,๐๐๐",
         "status": "planned"},
    )  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == detail_url(village_a)
    item = village_a.plan_items.get()
    assert (item.measure, item.title, item.budget) == ("agriculture", "ปลูกกาแฟใต้ร่มไม้", 120000)


def test_a_plan_item_without_a_title_is_not_added(client, officer_a, village_a):
    client.force_login(officer_a)

    response = client.post(item_add_url(village_a), {"measure": "water", "budget": "1"})

    assert response.status_code == 200
    assert not village_a.plan_items.exists()


def test_executive_and_outsider_cannot_add_plan_items(client, executive_a, officer_b, village_a):
    data = {"measure": "water", "title": "ฝาย", "budget": "1", "status": "planned"}
    client.force_login(executive_a)
    as_executive = client.post(item_add_url(village_a), data)
    client.force_login(officer_b)
    as_outsider = client.post(item_add_url(village_a), data)

    assert (as_executive.status_code, as_outsider.status_code) == (403, 404)
    assert not VillagePlanItem.objects.exists()


def test_officer_edits_a_plan_item_and_its_history_shows(client, officer_a, village_a):
    item = VillagePlanItemFactory(program_village=village_a, title="ฝาย", budget=100)
    url = reverse("programs:village_item_edit", args=[item.pk])
    client.force_login(officer_a)

    response = client.post(
        url, {"measure": "water", "title": "ฝายชะลอน้ำ", "budget": "150", "status": "done"}
    )
    page = client.get(url)

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.budget, item.status) == ("ฝายชะลอน้ำ", 150, "done")
    assert "ฝาย</del>" in page.content.decode()


def test_plan_item_of_another_province_is_404_and_executive_403(
    client, officer_b, executive_a, village_a
):
    item = VillagePlanItemFactory(program_village=village_a)
    url = reverse("programs:village_item_edit", args=[item.pk])

    client.force_login(officer_b)
    outsider = client.post(url, {"measure": "water", "title": "x", "budget": "1"})
    client.force_login(executive_a)
    executive = client.get(url)

    assert (outsider.status_code, executive.status_code) == (404, 403)


# --- Adding a village to a program ---------------------------------------------------------


def test_officer_adds_an_existing_village_of_their_province(client, officer_a, program):
    village = VillageFactory(subdistrict=Subdistrict.objects.get(code="480101"), number=3)
    client.force_login(officer_a)

    response = client.post(
        ADD, {"program": program.pk, "joined_fiscal_year": "2564", "village": village.pk}
    )

    program_village = ProgramVillage.objects.get(village=village)
    assert response.status_code == 302
    assert response["Location"] == detail_url(program_village)
    assert program_village.province_id == "48"


def test_officer_enters_a_new_village_while_adding_it(client, officer_a, program):
    client.force_login(officer_a)

    response = client.post(
        ADD,
        {"program": program.pk, "joined_fiscal_year": "๒๕๖๔", "subdistrict": "480101",
         "number": "12", "name_th": "บ้านนาสมดี"},
    )  # fmt: skip

    assert response.status_code == 302
    village = Village.objects.get(subdistrict="480101", number=12)
    assert village.name_th == "นาสมดี"
    assert ProgramVillage.objects.get(village=village).joined_fiscal_year == 2564


def test_officer_cannot_add_a_village_of_another_province(client, officer_a, program):
    village_b = VillageFactory(subdistrict=Subdistrict.objects.get(code="330101"))
    client.force_login(officer_a)

    chosen = client.post(
        ADD, {"program": program.pk, "joined_fiscal_year": "2564", "village": village_b.pk}
    )
    typed = client.post(
        ADD,
        {"program": program.pk, "joined_fiscal_year": "2564", "subdistrict": "330101",
         "number": "5", "name_th": "แอบเพิ่ม", "province": "33"},
    )  # fmt: skip

    assert (chosen.status_code, typed.status_code) == (200, 200)
    assert not ProgramVillage.objects.exists()
    assert not Village.objects.filter(name_th="แอบเพิ่ม").exists()


def test_the_form_offers_only_the_villages_and_subdistricts_of_the_officer(
    client, officer_a, program
):
    VillageFactory(subdistrict=Subdistrict.objects.get(code="480101"), name_th="ของเอ")
    VillageFactory(subdistrict=Subdistrict.objects.get(code="330101"), name_th="ของบี")
    client.force_login(officer_a)

    form = client.get(ADD).context["form"]

    assert [v.name_th for v in form.fields["village"].queryset] == ["ของเอ"]
    assert {s.code for s in form.fields["subdistrict"].queryset} == {"480101"}


def test_choosing_a_village_and_typing_a_new_one_is_refused(client, officer_a, program):
    village = VillageFactory(subdistrict=Subdistrict.objects.get(code="480101"))
    client.force_login(officer_a)

    response = client.post(
        ADD,
        {"program": program.pk, "joined_fiscal_year": "2564", "village": village.pk,
         "subdistrict": "480101", "number": "9", "name_th": "ใหม่"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "อย่างใดอย่างหนึ่ง" in response.content.decode()
    assert not ProgramVillage.objects.exists()


def test_a_taken_village_number_is_said_in_thai(client, officer_a, program):
    VillageFactory(subdistrict=Subdistrict.objects.get(code="480101"), number=5)
    client.force_login(officer_a)

    response = client.post(
        ADD,
        {"program": program.pk, "joined_fiscal_year": "2564", "subdistrict": "480101",
         "number": "5", "name_th": "ซ้ำ"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "ตำบลนี้มีหมู่ที่ 5 อยู่แล้ว" in response.content.decode()


def test_administrator_chooses_the_province_first(client, admin_user, program):
    VillageFactory(subdistrict=Subdistrict.objects.get(code="330101"), name_th="ของบี")
    client.force_login(admin_user)

    without = client.get(ADD)
    with_b = client.get(ADD, {"province": "33"})

    assert not without.context["form"].fields["village"].queryset.exists()
    assert [v.name_th for v in with_b.context["form"].fields["village"].queryset] == ["ของบี"]


@pytest.mark.parametrize("role", ["executive_a", "national_executive", "evaluator"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_read_only_roles_cannot_add_villages(client, request, program, role, method):
    village = VillageFactory(subdistrict=Subdistrict.objects.get(code="480101"))
    client.force_login(request.getfixturevalue(role))

    response = getattr(client, method)(
        ADD, {"program": program.pk, "joined_fiscal_year": "2564", "village": village.pk}
    )

    assert response.status_code == 403
    assert not ProgramVillage.objects.exists()


def test_the_summary_counts_all_plans_when_the_list_shows_only_done_ones(
    client, officer_a, village_a, program
):
    ProgramVillageFactory(
        program=program, village__subdistrict=village_a.village.subdistrict, village__number=5
    )
    client.force_login(officer_a)

    response = client.get(LIST, {"plan_status": "done"})

    assert list(response.context["object_list"]) == [village_a]
    assert "แผนหมู่บ้านเสร็จแล้ว 1 จาก 2 หมู่บ้าน" in response.content.decode()
