"""The rules the club services keep whoever calls them (views, API, shell)."""

import pytest
from django.core.exceptions import ValidationError

from programs.models import Club
from programs.services.clubs import (
    club_create,
    club_membership_create,
    club_update,
    contest_entry_create,
    tier_award_create,
    tier_award_update,
)
from tests.programs.factories import ClubFactory, TierAwardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_a(province_a):
    return province_a.districts.get(code="4801")


@pytest.fixture
def district_b(province_b):
    return province_b.districts.get(code="3301")


def test_club_create_refuses_a_district_of_another_province(province_a, district_b):
    with pytest.raises(ValidationError) as error:
        club_create(province=province_a, district=district_b, name="ชมรม", club_type="community")

    assert error.value.message_dict["district"] == ["อำเภอต้องอยู่ในจังหวัดของชมรม"]
    assert not Club.objects.exists()


def test_club_create_normalises_spaces_and_refuses_the_same_name_twice(province_a, district_a):
    club_create(province=province_a, district=district_a, name="  ชมรม   นาสมดี ",
                club_type="community")  # fmt: skip

    with pytest.raises(ValidationError) as error:
        club_create(province=province_a, district=district_a, name="ชมรม นาสมดี",
                    club_type="community")  # fmt: skip

    assert Club.objects.get().name == "ชมรม นาสมดี"
    assert "มีชมรมชื่อ" in error.value.message_dict["name"][0]


def test_club_update_never_takes_a_province(district_a):
    club = ClubFactory(district=district_a)

    with pytest.raises(TypeError):
        club_update(club=club, province_id="33")


def test_school_level_only_for_schools(province_a, district_a):
    with pytest.raises(ValidationError) as error:
        club_create(province=province_a, district=district_a, name="ชมรม", club_type="community",
                    school_level="primary")  # fmt: skip

    assert "school_level" in error.value.message_dict


def test_membership_needs_a_target_population(district_a):
    club = ClubFactory(district=district_a)

    with pytest.raises(ValidationError):
        club_membership_create(club=club, fiscal_year=2568, members=10, target_population=0)


def test_tier_of_a_club_takes_the_clubs_province(district_a):
    club = ClubFactory(district=district_a)

    award = tier_award_create(level="club", club=club, fiscal_year=2568, tier=4)

    assert (award.province_id, award.district, award.consecutive_year) == ("48", None, 1)


def test_district_tier_needs_a_district_and_the_same_year_once(province_a, district_a):
    with pytest.raises(ValidationError) as missing:
        tier_award_create(level="district", province=province_a, fiscal_year=2568, tier=4)
    tier_award_create(level="district", district=district_a, fiscal_year=2568, tier=4)
    with pytest.raises(ValidationError) as twice:
        tier_award_create(level="district", district=district_a, fiscal_year=2568, tier=5)

    assert missing.value.message_dict["district"] == ["กรุณาเลือกอำเภอ"]
    assert "มีระดับมาตรฐานของอำเภอนี้แล้ว" in twice.value.message_dict["fiscal_year"][0]


def test_province_tier_may_not_name_a_district(province_a, district_a):
    award = TierAwardFactory(level="province", club=None, province=province_a)

    with pytest.raises(ValidationError):
        tier_award_update(award=award, district=district_a)


def test_contest_entry_of_a_province_outside_its_district(province_a, district_b):
    with pytest.raises(ValidationError) as error:
        contest_entry_create(level="district", province=province_a, district=district_b,
                             fiscal_year=2568, stage="region", category="TEEN DANCERCISE",
                             result="advanced")  # fmt: skip

    assert error.value.message_dict["district"] == ["อำเภอต้องอยู่ในจังหวัดที่ระบุ"]
