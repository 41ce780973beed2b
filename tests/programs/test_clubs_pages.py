"""A club's page, creating and editing clubs, and the records kept on a club (membership
per year, tiers, contest entries): scoped, Thai messages, nothing typed is lost."""

import datetime

import pytest
from django.urls import reverse

from programs.models import Club, ClubMembership, ContestEntry, TierAward
from tests.programs.factories import (
    ClubFactory,
    ClubMembershipFactory,
    ContestEntryFactory,
    DistrictFactory,
    SubdistrictFactory,
    TierAwardFactory,
)

pytestmark = pytest.mark.django_db

NASOMDEE = "ชมรม TO BE NUMBER ONE ชุมชนบ้านนาสมดี"
CLUB_CREATE = reverse("programs:club_create")


@pytest.fixture
def club_a(province_a):
    return ClubFactory(district=province_a.districts.get(code="4801"), name=NASOMDEE)


@pytest.fixture
def club_b(province_b):
    return ClubFactory(district=province_b.districts.get(code="3301"), name="ชมรมศรีสะเกษ")


def club_form(**overrides) -> dict:
    data = {
        "name": NASOMDEE,
        "club_type": "community",
        "school_level": "",
        "host_organisation": "บ้านนาสมดี หมู่ 5",
        "district": "4801",
        "subdistrict": "480101",
        "founded_on": "8/6/2566",
        "contact_name": "นายสมชาย ใจดี",
        "contact_phone": "042-511-000",
        "has_friend_corner": "on",
        "has_committee": "on",
        "has_fund": "on",
        "has_activities": "on",
        "is_active": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- Detail ----------------------------------------------------------------------------


def test_officer_reads_own_club_with_years_tiers_contests_and_history(client, officer_a, club_a):
    ClubMembershipFactory(club=club_a, fiscal_year=2566, members=283, target_population=400)
    TierAwardFactory(club=club_a, fiscal_year=2566, tier=6, consecutive_year=3)
    ContestEntryFactory(club=club_a, fiscal_year=2566, stage="national", category="ชมรมในชุมชน",
                        result="royal_award", award_name="รางวัลพระราชทาน")  # fmt: skip
    client.force_login(officer_a)

    response = client.get(reverse("programs:club_detail", args=[club_a.pk]))

    assert response.status_code == 200
    text = response.text
    assert NASOMDEE in text
    assert "70.75%" in text  # 283 / 400
    assert "ยอดเพชร" in text and "ปีที่ 3" in text
    assert "ระดับประเทศ" in text and "รางวัลพระราชทาน" in text
    assert "ประวัติการแก้ไข" in text
    assert response.context["can_change"] is True


def test_detail_of_another_provinces_club_is_404(client, officer_a, club_b):
    client.force_login(officer_a)

    response = client.get(reverse("programs:club_detail", args=[club_b.pk]))

    assert response.status_code == 404
    assert "ชมรมศรีสะเกษ" not in response.text


def test_executive_reads_the_club_without_edit_links(client, executive_a, club_a):
    client.force_login(executive_a)

    response = client.get(reverse("programs:club_detail", args=[club_a.pk]))

    assert response.status_code == 200
    assert response.context["can_change"] is False
    assert reverse("programs:club_update", args=[club_a.pk]) not in response.text


def test_evaluator_gets_404_for_a_club(client, evaluator, club_a):
    client.force_login(evaluator)

    assert client.get(reverse("programs:club_detail", args=[club_a.pk])).status_code == 404


def test_detail_shows_who_changed_what(client, officer_a, club_a):
    client.force_login(officer_a)
    client.post(reverse("programs:club_update", args=[club_a.pk]),
                club_form(contact_name="นางสาวมาลี ใจงาม"))  # fmt: skip

    response = client.get(reverse("programs:club_detail", args=[club_a.pk]))

    entry = response.context["history"][0]
    assert entry.user == officer_a
    assert any(c.new == "นางสาวมาลี ใจงาม" for c in entry.changes)


# --- Create ----------------------------------------------------------------------------


def test_officer_creates_a_club_in_own_province_with_a_be_date(client, officer_a, province_a):
    client.force_login(officer_a)

    response = client.post(CLUB_CREATE, club_form())

    club = Club.objects.get(name=NASOMDEE)
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:club_detail", args=[club.pk])
    assert club.province_id == "48"
    assert club.founded_on == datetime.date(2023, 6, 8)
    assert club.three_k_complete and club.has_friend_corner


def test_officer_cannot_create_a_club_in_another_provinces_district(client, officer_a, province_b):
    client.force_login(officer_a)

    response = client.post(CLUB_CREATE, club_form(district="3301", subdistrict=""))

    assert response.status_code == 200
    assert "district" in response.context["form"].errors
    assert not Club.objects.exists()


def test_a_province_in_the_form_is_ignored_for_an_officer(client, officer_a, province_b):
    client.force_login(officer_a)

    client.post(CLUB_CREATE + "?province=33", club_form(province="33"))

    assert Club.objects.get().province_id == "48"


def test_officers_district_choices_are_own_province_only(client, officer_a, province_b):
    client.force_login(officer_a)

    form = client.get(CLUB_CREATE).context["form"]

    assert [d.code for d in form.fields["district"].queryset] == ["4801"]
    assert [s.code for s in form.fields["subdistrict"].queryset] == ["480101"]


def test_error_re_renders_the_form_with_everything_typed_and_a_thai_message(client, officer_a):
    client.force_login(officer_a)

    response = client.post(
        CLUB_CREATE, club_form(club_type="school", founded_on="8/6/2023", contact_name="ครูสมศรี")
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "ปี 2023 เป็นปี ค.ศ." in errors["founded_on"][0]
    assert "ระดับสถานศึกษา" in " ".join(response.context["form"].errors.get("school_level", []))
    assert 'value="8/6/2023"' in response.text
    assert 'value="ครูสมศรี"' in response.text
    assert NASOMDEE in response.text
    assert not Club.objects.exists()


def test_a_second_club_of_the_same_name_in_the_district_is_refused_in_thai(client, officer_a,
                                                                          club_a):  # fmt: skip
    client.force_login(officer_a)

    response = client.post(CLUB_CREATE, club_form())

    assert response.status_code == 200
    assert "มีชมรมชื่อ" in response.context["form"].errors["name"][0]
    assert Club.objects.count() == 1


def test_subdistrict_must_lie_in_the_chosen_district(client, officer_a, province_a):
    other = DistrictFactory(province=province_a, code="4802")
    SubdistrictFactory(district=other, code="480201")
    client.force_login(officer_a)

    response = client.post(CLUB_CREATE, club_form(subdistrict="480201"))

    assert "subdistrict" in response.context["form"].errors
    assert not Club.objects.exists()


@pytest.mark.parametrize("role", ["executive_a", "national_executive", "evaluator"])
def test_read_only_roles_cannot_create(client, role, request):
    client.force_login(request.getfixturevalue(role))

    assert client.get(CLUB_CREATE).status_code == 403
    assert client.post(CLUB_CREATE, club_form()).status_code == 403
    assert not Club.objects.exists()


def test_administrator_chooses_the_province_first(client, admin_user, province_a, province_b):
    client.force_login(admin_user)

    choose = client.get(CLUB_CREATE)
    form = client.get(CLUB_CREATE, {"province": "33"})
    created = client.post(CLUB_CREATE + "?province=33",
                          club_form(district="3301", subdistrict="330101"))  # fmt: skip

    assert "province" in choose.context["form"].fields
    assert [d.code for d in form.context["form"].fields["district"].queryset] == ["3301"]
    assert created.status_code == 302
    assert Club.objects.get().province_id == "33"


# --- Edit ------------------------------------------------------------------------------


def test_officer_edits_own_club(client, officer_a, club_a):
    client.force_login(officer_a)

    response = client.post(
        reverse("programs:club_update", args=[club_a.pk]),
        club_form(has_fund=None, founded_on="๑/๑๐/๒๕๖๕"),
    )

    club_a.refresh_from_db()
    assert response.status_code == 302
    assert club_a.founded_on == datetime.date(2022, 10, 1)
    assert not club_a.has_fund


def test_edit_form_shows_the_date_in_buddhist_era(client, officer_a, club_a):
    club_a.founded_on = datetime.date(2023, 6, 8)
    club_a.save()
    client.force_login(officer_a)

    response = client.get(reverse("programs:club_update", args=[club_a.pk]))

    assert 'value="8/6/2566"' in response.text


def test_editing_another_provinces_club_is_404(client, officer_a, club_b):
    client.force_login(officer_a)
    url = reverse("programs:club_update", args=[club_b.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, club_form(district="3301")).status_code == 404


def test_executive_editing_is_403(client, executive_a, club_a):
    client.force_login(executive_a)
    url = reverse("programs:club_update", args=[club_a.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, club_form(name="เปลี่ยนชื่อ")).status_code == 403
    club_a.refresh_from_db()
    assert club_a.name == NASOMDEE


# --- Records of a club -------------------------------------------------------------------


def test_officer_adds_a_year_of_membership(client, officer_a, club_a):
    client.force_login(officer_a)

    response = client.post(
        reverse("programs:club_membership_create", args=[club_a.pk]),
        {"fiscal_year": "๒๕๖๘", "members": "1,250", "target_population": "2000"},
    )

    assert response.status_code == 302
    membership = ClubMembership.objects.get(club=club_a)
    assert (membership.fiscal_year, membership.members, membership.coverage) == (2568, 1250, 62.5)


def test_membership_year_in_christian_era_or_twice_is_refused_in_thai(client, officer_a, club_a):
    ClubMembershipFactory(club=club_a, fiscal_year=2568)
    client.force_login(officer_a)
    url = reverse("programs:club_membership_create", args=[club_a.pk])

    christian = client.post(url, {"fiscal_year": "2025", "members": "1", "target_population": "9"})
    twice = client.post(url, {"fiscal_year": "2568", "members": "1", "target_population": "9"})
    zero = client.post(url, {"fiscal_year": "2567", "members": "1", "target_population": "0"})

    assert "ค.ศ." in christian.context["form"].errors["fiscal_year"][0]
    assert "มีข้อมูลสมาชิกของชมรมนี้แล้ว" in twice.context["form"].errors["fiscal_year"][0]
    assert "ไม่น้อยกว่า 1" in zero.context["form"].errors["target_population"][0]
    assert 'value="2025"' in christian.text
    assert ClubMembership.objects.count() == 1


def test_officer_edits_a_membership(client, officer_a, club_a):
    membership = ClubMembershipFactory(club=club_a, members=10)
    client.force_login(officer_a)

    response = client.post(
        reverse("programs:club_membership_update", args=[membership.pk]),
        {"fiscal_year": "2568", "members": "20", "target_population": "400"},
    )

    membership.refresh_from_db()
    assert response["Location"] == reverse("programs:club_detail", args=[club_a.pk])
    assert membership.members == 20


def test_officer_adds_a_tier_and_a_contest_entry(client, officer_a, club_a):
    client.force_login(officer_a)

    tier = client.post(
        reverse("programs:club_tier_award_create", args=[club_a.pk]),
        {"fiscal_year": "2566", "tier": "6", "consecutive_year": "3"},
    )
    contest = client.post(
        reverse("programs:club_contest_entry_create", args=[club_a.pk]),
        {"fiscal_year": "2566", "stage": "national", "category": "ชมรมในชุมชน",
         "result": "royal_award", "award_name": "รางวัลพระราชทาน"},
    )  # fmt: skip

    assert tier.status_code == contest.status_code == 302
    award = TierAward.objects.get()
    assert (award.level, award.club, award.province_id, award.consecutive_year) == (
        "club", club_a, "48", 3)  # fmt: skip
    entry = ContestEntry.objects.get()
    assert (entry.level, entry.club, entry.result) == ("club", club_a, "royal_award")


def test_the_same_contest_entry_twice_is_refused_in_thai(client, officer_a, club_a):
    ContestEntryFactory(club=club_a, fiscal_year=2566, stage="province", category="ชมรมในชุมชน")
    client.force_login(officer_a)

    response = client.post(
        reverse("programs:club_contest_entry_create", args=[club_a.pk]),
        {"fiscal_year": "2566", "stage": "province", "category": "ชมรมในชุมชน",
         "result": "advanced"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "อยู่แล้ว" in response.context["form"].errors["category"][0]


def test_officer_edits_a_club_tier(client, officer_a, club_a):
    award = TierAwardFactory(club=club_a, tier=4)
    client.force_login(officer_a)

    client.post(reverse("programs:tier_award_update", args=[award.pk]),
                {"fiscal_year": "2568", "tier": "5", "consecutive_year": "1"})  # fmt: skip

    award.refresh_from_db()
    assert award.tier == 5


@pytest.mark.parametrize(
    "url_name", ["club_membership_create", "club_tier_award_create", "club_contest_entry_create"]
)
def test_adding_to_another_provinces_club_is_404(client, officer_a, club_b, url_name):
    client.force_login(officer_a)

    url = reverse(f"programs:{url_name}", args=[club_b.pk])

    response = client.post(url, {"fiscal_year": "2568", "members": "1", "target_population": "2"})

    assert response.status_code == 404
    assert not ClubMembership.objects.exists()


@pytest.mark.parametrize(
    "url_name", ["club_membership_create", "club_tier_award_create", "club_contest_entry_create"]
)
def test_executive_adding_to_a_club_is_403(client, executive_a, club_a, url_name):
    client.force_login(executive_a)

    url = reverse(f"programs:{url_name}", args=[club_a.pk])

    response = client.post(url, {"fiscal_year": "2568", "members": "1", "target_population": "2"})

    assert response.status_code == 403
    assert not ClubMembership.objects.exists()


def test_editing_records_of_another_province_is_404_and_for_executives_403(
    client, officer_b, executive_a, club_a
):
    membership = ClubMembershipFactory(club=club_a)
    award = TierAwardFactory(club=club_a)
    entry = ContestEntryFactory(club=club_a)
    urls = [
        reverse("programs:club_membership_update", args=[membership.pk]),
        reverse("programs:tier_award_update", args=[award.pk]),
        reverse("programs:contest_entry_update", args=[entry.pk]),
    ]

    client.force_login(officer_b)
    outsider = [client.post(url, {}).status_code for url in urls]
    client.force_login(executive_a)
    read_only = [client.post(url, {}).status_code for url in urls]

    assert outsider == [404, 404, 404]
    assert read_only == [403, 403, 403]
