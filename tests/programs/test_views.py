"""Province and program pages: each user reads only the provinces in their scope."""

import pytest
from django.urls import reverse

from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db

PROVINCE_LIST = reverse("programs:province_list")
PROGRAM_LIST = reverse("programs:program_list")


def province_url(code: str) -> str:
    return reverse("programs:province_detail", args=[code])


# --- Province detail --------------------------------------------------------------


def test_officer_reads_own_province_with_its_districts(client, officer_a):
    client.force_login(officer_a)

    response = client.get(province_url("48"))

    assert response.status_code == 200
    assert "จังหวัดนครพนม" in response.text
    assert "เมืองนครพนม" in response.text
    assert [d.code for d in response.context["districts"]] == ["4801"]


def test_officer_of_48_asking_for_province_33_gets_404(client, officer_a, province_b):
    client.force_login(officer_a)

    response = client.get(province_url("33"))

    assert response.status_code == 404
    assert "ศรีสะเกษ" not in response.text


def test_other_province_and_missing_province_answer_alike(client, officer_a, province_b):
    # 404 in both cases, so the existence of province 33 does not leak.
    client.force_login(officer_a)

    assert (
        client.get(province_url("33")).status_code
        == client.get(province_url("99")).status_code
        == 404
    )


def test_executive_reads_own_province(client, executive_a):
    client.force_login(executive_a)

    response = client.get(province_url("48"))

    assert response.status_code == 200
    assert "จังหวัดนครพนม" in response.text


def test_executive_of_48_asking_for_province_33_gets_404(client, executive_a, province_b):
    client.force_login(executive_a)

    assert client.get(province_url("33")).status_code == 404


def test_national_executive_reads_any_province(client, national_executive, province_a, province_b):
    client.force_login(national_executive)

    assert client.get(province_url("48")).status_code == 200
    assert client.get(province_url("33")).status_code == 200


def test_evaluator_reads_no_province(client, evaluator, province_a):
    client.force_login(evaluator)

    assert client.get(province_url("48")).status_code == 404


def test_administrator_reads_any_province(client, admin_user, province_a, province_b):
    client.force_login(admin_user)

    assert client.get(province_url("33")).status_code == 200


def test_anonymous_asking_for_a_province_is_sent_to_login(client, province_a):
    response = client.get(province_url("48"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_province_page_lists_programs_run_there(client, officer_a, province_b):
    ProgramFactory(slug="tbno", short_name="TO BE NUMBER ONE")
    ProgramFactory(slug="np", short_name="โครงการนครพนม").provinces.add(officer_a.province)
    ProgramFactory(slug="ssk", short_name="โครงการศรีสะเกษ").provinces.add(province_b)
    ProgramFactory(slug="old", short_name="โครงการที่ปิดแล้ว", is_active=False)
    client.force_login(officer_a)

    response = client.get(province_url("48"))

    assert {p.slug for p in response.context["programs"]} == {"tbno", "np"}
    assert "โครงการศรีสะเกษ" not in response.text
    assert "โครงการที่ปิดแล้ว" not in response.text


# --- Province list ----------------------------------------------------------------


def test_officer_province_list_holds_own_province_only(client, officer_a, province_b):
    client.force_login(officer_a)

    response = client.get(PROVINCE_LIST)

    assert response.status_code == 200
    assert [p.code for p in response.context["object_list"]] == ["48"]
    assert "ศรีสะเกษ" not in response.text


def test_national_executive_province_list_holds_every_province(
    client, national_executive, province_a, province_b
):
    client.force_login(national_executive)

    response = client.get(PROVINCE_LIST)

    assert [p.code for p in response.context["object_list"]] == ["33", "48"]
    assert "นครพนม" in response.text and "ศรีสะเกษ" in response.text


def test_province_list_counts_districts(client, national_executive, province_a):
    client.force_login(national_executive)

    response = client.get(PROVINCE_LIST)

    assert response.context["object_list"][0].n_districts == 1


@pytest.mark.parametrize(
    ("region", "codes"), [("northeast", ["33", "48"]), ("north", []), ("nonsense", ["33", "48"])]
)
def test_province_list_filters_by_region(client, admin_user, province_a, province_b, region, codes):
    client.force_login(admin_user)

    response = client.get(PROVINCE_LIST, {"region": region})

    assert [p.code for p in response.context["object_list"]] == codes


def test_evaluator_province_list_is_empty(client, evaluator, province_a):
    client.force_login(evaluator)

    response = client.get(PROVINCE_LIST)

    assert list(response.context["object_list"]) == []
    assert "นครพนม" not in response.text


# --- Programs ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer_a", "evaluator", "executive_a", "national_executive"])
def test_every_signed_in_role_reads_the_programs(client, request, who):
    ProgramFactory(slug="tbno", short_name="TO BE NUMBER ONE")
    client.force_login(request.getfixturevalue(who))

    listing = client.get(PROGRAM_LIST)
    detail = client.get(reverse("programs:program_detail", args=["tbno"]))

    assert listing.status_code == 200
    assert "TO BE NUMBER ONE" in listing.text
    assert detail.status_code == 200


def test_program_detail_shows_buddhist_years_and_all_provinces_when_none_listed(client, officer_a):
    ProgramFactory(slug="tbno", name_th="โครงการรณรงค์ป้องกันและแก้ไขปัญหายาเสพติด TO BE NUMBER ONE",
                   start_year=2545, end_year=None)  # fmt: skip
    client.force_login(officer_a)

    response = client.get(reverse("programs:program_detail", args=["tbno"]))

    assert "2545" in response.text
    assert "ทุกจังหวัด" in response.text


def test_unknown_program_is_404(client, officer_a):
    client.force_login(officer_a)

    assert client.get(reverse("programs:program_detail", args=["nope"])).status_code == 404


def test_anonymous_asking_for_programs_is_sent_to_login(client):
    response = client.get(PROGRAM_LIST)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
