"""The rules "once per competitor and year" and "one code per objective", where an empty
district, club or province is a value like any other, are kept by the database itself,
on PostgreSQL and on the embedded SQLite alike (``make test`` runs this file on both).

The services and forms say so in Thai first; these tests go around them, as two requests
at once or a script writing rows would, and the database must still refuse.
"""

import pytest
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from programs.models import ContestEntry, Indicator, TierAward
from tests.programs.factories import (
    ClubFactory,
    ContestEntryFactory,
    DistrictFactory,
    IndicatorFactory,
    ObjectiveFactory,
    TierAwardFactory,
)
from tests.programs.test_indicator_views import framework, indicator_form_data  # noqa: F401

pytestmark = pytest.mark.django_db


def _competitors(province):
    """One competitor of each shape the unique rules tell apart (district, club empty or not)."""
    district = DistrictFactory(province=province, code="4802", name_th="ปลาปาก")
    club = ClubFactory(district=district)
    return {
        "province": {"level": "province", "province": province, "district": None, "club": None},
        "district": {"level": "district", "province": province, "district": district, "club": None},
        "club": {"level": "club", "province": province, "district": None, "club": club},
        "club_with_district": {
            "level": "club", "province": province, "district": district, "club": club,
        },
    }  # fmt: skip


def _refused(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.parametrize("shape", ["province", "district", "club", "club_with_district"])
def test_a_second_tier_award_of_a_competitor_in_a_year_is_refused_by_the_database(
    province_a, shape
):
    competitor = _competitors(province_a)[shape]
    TierAwardFactory(**competitor, fiscal_year=2568, tier=4)

    _refused(lambda: TierAward.objects.create(**competitor, fiscal_year=2568, tier=5))

    assert TierAward.objects.count() == 1
    TierAward.objects.create(**competitor, fiscal_year=2567, tier=5)  # another year is free


@pytest.mark.parametrize("shape", ["province", "district", "club", "club_with_district"])
def test_a_second_contest_entry_of_a_competitor_is_refused_by_the_database(province_a, shape):
    competitor = _competitors(province_a)[shape]
    entry = {"fiscal_year": 2568, "stage": "province", "category": "ชมรมในชุมชน"}
    ContestEntryFactory(**competitor, **entry)

    _refused(lambda: ContestEntry.objects.create(**competitor, **entry, result="won"))

    assert ContestEntry.objects.count() == 1
    ContestEntry.objects.create(**competitor, **{**entry, "stage": "region"})


@pytest.mark.parametrize("shared", [True, False])
def test_a_second_indicator_code_in_an_objective_is_refused_by_the_database(province_a, shared):
    objective = ObjectiveFactory()
    province = None if shared else province_a
    IndicatorFactory(objective=objective, province=province, code="TB-1")

    _refused(lambda: IndicatorFactory(objective=objective, province=province, code="TB-1"))

    assert Indicator.objects.count() == 1
    # A province's own indicator may take the code of a shared one, and the reverse.
    IndicatorFactory(objective=objective, province=province_a if shared else None, code="TB-1")


def test_model_validation_names_the_duplicate_in_thai(province_a):
    competitor = _competitors(province_a)["province"]
    TierAwardFactory(**competitor, fiscal_year=2568)

    with pytest.raises(ValidationError) as error:
        TierAward(**competitor, fiscal_year=2568, tier=5).full_clean()

    assert error.value.messages == ["ผู้เข้าประกวดนี้มีระดับมาตรฐานในปีงบประมาณนี้แล้ว กรุณาแก้ไขรายการเดิม"]


def test_an_administrator_adding_a_shared_indicator_with_a_taken_code_is_told_in_thai(
    client,
    admin_user,
    framework,  # noqa: F811
):
    client.force_login(admin_user)

    response = client.post(
        reverse("programs:indicator_create"), indicator_form_data(framework, code="TB-1")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["รหัสตัวชี้วัดนี้มีอยู่แล้วในยุทธศาสตร์/วัตถุประสงค์นี้"]
    assert Indicator.objects.filter(code="TB-1").count() == 1


def test_no_unique_rule_is_left_out_by_the_database_in_use():
    # models.W047: this database does not create unique constraints with nulls_distinct.
    warnings = checks.run_checks(databases=["default"])

    assert [warning.id for warning in warnings if warning.id == "models.W047"] == []
