"""Districts and provinces compete too: their tiers and contest entries, scoped."""

import pytest
from django.urls import reverse

from programs.models import ContestEntry, TierAward
from tests.programs.factories import ClubFactory, ContestEntryFactory, TierAwardFactory

pytestmark = pytest.mark.django_db

COMPETITIONS = reverse("programs:competition_list")
TIER_CREATE = reverse("programs:competition_tier_award_create")
CONTEST_CREATE = reverse("programs:competition_contest_entry_create")


@pytest.fixture
def district_a(province_a):
    return province_a.districts.get(code="4801")


@pytest.fixture
def district_b(province_b):
    return province_b.districts.get(code="3301")


def test_page_lists_district_and_province_records_of_own_province_only(
    client, officer_a, province_a, district_a, district_b
):
    TierAwardFactory(level="district", club=None, district=district_a, tier=5)
    TierAwardFactory(level="province", club=None, province=province_a, tier=6)
    TierAwardFactory(level="district", club=None, district=district_b, tier=4)
    ContestEntryFactory(level="province", club=None, province=province_a, stage="region",
                        category="TEEN DANCERCISE", result="advanced")  # fmt: skip
    TierAwardFactory(club=ClubFactory(district=district_a))  # a club's tier is not listed here
    client.force_login(officer_a)

    response = client.get(COMPETITIONS)

    tiers = list(response.context["tier_page"])
    assert sorted((t.level, t.tier) for t in tiers) == [("district", 5), ("province", 6)]
    assert [e.category for e in response.context["contest_page"]] == ["TEEN DANCERCISE"]
    assert "ศรีสะเกษ" not in response.text


def test_filter_by_fiscal_year_and_level(client, officer_a, province_a, district_a):
    TierAwardFactory(level="district", club=None, district=district_a, fiscal_year=2567)
    TierAwardFactory(level="province", club=None, province=province_a, fiscal_year=2568)
    client.force_login(officer_a)

    by_year = client.get(COMPETITIONS, {"fiscal_year": "2567"}).context["tier_page"]
    by_level = client.get(COMPETITIONS, {"level": "province"}).context["tier_page"]

    assert [t.fiscal_year for t in by_year] == [2567]
    assert [t.level for t in by_level] == ["province"]


def test_officer_adds_a_district_tier_in_own_province(client, officer_a, district_a):
    client.force_login(officer_a)

    response = client.post(TIER_CREATE, {"level": "district", "district": "4801",
                                         "fiscal_year": "2568", "tier": "5",
                                         "consecutive_year": "2"})  # fmt: skip

    assert response.status_code == 302
    award = TierAward.objects.get()
    assert (award.level, award.district_id, award.province_id, award.club) == (
        "district", "4801", "48", None)  # fmt: skip


def test_officer_adds_a_province_contest_entry_without_district(client, officer_a, district_a):
    client.force_login(officer_a)

    client.post(CONTEST_CREATE, {"level": "province", "district": "4801", "fiscal_year": "2568",
                                 "stage": "region", "category": "TEEN DANCERCISE",
                                 "result": "advanced"})  # fmt: skip

    entry = ContestEntry.objects.get()
    assert (entry.level, entry.province_id, entry.district) == ("province", "48", None)


def test_district_level_needs_a_district_said_in_thai(client, officer_a, province_a):
    client.force_login(officer_a)

    response = client.post(TIER_CREATE, {"level": "district", "district": "",
                                         "fiscal_year": "2568", "tier": "5",
                                         "consecutive_year": "1"})  # fmt: skip

    assert response.status_code == 200
    assert response.context["form"].errors["district"] == ["กรุณาเลือกอำเภอที่เข้าประกวด"]
    assert not TierAward.objects.exists()


def test_officer_cannot_add_for_a_district_of_another_province(client, officer_a, district_b):
    client.force_login(officer_a)

    response = client.post(TIER_CREATE, {"level": "district", "district": "3301",
                                         "fiscal_year": "2568", "tier": "5",
                                         "consecutive_year": "1"})  # fmt: skip

    assert "district" in response.context["form"].errors
    assert not TierAward.objects.exists()


@pytest.mark.parametrize("role", ["executive_a", "national_executive", "evaluator"])
def test_read_only_roles_cannot_add(client, role, request, province_a):
    client.force_login(request.getfixturevalue(role))

    assert client.get(TIER_CREATE).status_code == 403
    assert client.post(CONTEST_CREATE, {"level": "province"}).status_code == 403


def test_officer_edits_a_district_tier_and_returns_to_the_competitions(
    client, officer_a, district_a
):
    award = TierAwardFactory(level="district", club=None, district=district_a, tier=4)
    client.force_login(officer_a)
    url = reverse("programs:tier_award_update", args=[award.pk])

    form = client.get(url).context["form"]
    response = client.post(url, {"level": "district", "district": "4801", "fiscal_year": "2568",
                                 "tier": "6", "consecutive_year": "1"})  # fmt: skip

    assert form.initial["level"] == "district" and form.initial["district"] == "4801"
    award.refresh_from_db()
    assert award.tier == 6
    assert response["Location"] == COMPETITIONS


def test_district_records_of_another_province_are_404(client, officer_a, district_b):
    award = TierAwardFactory(level="district", club=None, district=district_b)
    entry = ContestEntryFactory(level="district", club=None, district=district_b)
    client.force_login(officer_a)

    assert client.get(reverse("programs:tier_award_update", args=[award.pk])).status_code == 404
    assert client.get(reverse("programs:contest_entry_update", args=[entry.pk])).status_code == 404


def test_administrator_picks_the_province_then_adds(client, admin_user, province_b):
    client.force_login(admin_user)

    choose = client.get(TIER_CREATE)
    client.post(TIER_CREATE + "?province=33", {"level": "province", "fiscal_year": "2568",
                                               "tier": "3", "consecutive_year": "1"})  # fmt: skip

    assert "province" in choose.context["form"].fields
    assert TierAward.objects.get().province_id == "33"
