"""ร้อยใจรักษ์ village writes and reads: the model's rules through the services, and the
plan summary counted from plan_status."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from programs.models import PlanStatus, ProgramVillage, Subdistrict, Village, VoteResult
from programs.selectors.villages import (
    plan_items_by_measure,
    program_village_list,
    village_plan_summary,
)
from programs.services.villages import (
    program_village_add,
    program_village_add_new_village,
    program_village_set_status,
    village_create,
    village_plan_item_create,
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

APPROVED = {
    "vote_result": VoteResult.APPROVED,
    "vote_date": datetime.date(2020, 12, 10),
    "vote_participation": Decimal("82.50"),
}


def village_in(subdistrict_code: str, **kwargs) -> ProgramVillage:
    subdistrict = Subdistrict.objects.get(code=subdistrict_code)
    return ProgramVillageFactory(village__subdistrict=subdistrict, **kwargs)


# --- Vote and plan status ------------------------------------------------------------


def test_plan_cannot_be_done_before_the_vote_approved_it(province_a):
    program_village = village_in("480101")

    with pytest.raises(ValidationError) as error:
        program_village_set_status(
            program_village=program_village,
            vote_result=VoteResult.PENDING,
            vote_date=None,
            vote_participation=None,
            plan_status=PlanStatus.DONE,
            plan_status_date=datetime.date(2021, 1, 20),
        )

    assert error.value.message_dict["plan_status"] == ["แผนหมู่บ้านจะเสร็จได้เมื่อประชาคมเห็นชอบแล้วเท่านั้น"]
    program_village.refresh_from_db()
    assert program_village.plan_status == PlanStatus.NOT_STARTED


def test_plan_done_after_an_approving_vote_is_saved_with_history(province_a):
    program_village = village_in("480101")

    program_village_set_status(
        program_village=program_village,
        **APPROVED,
        plan_status=PlanStatus.DONE,
        plan_status_date=datetime.date(2021, 1, 20),
    )

    program_village.refresh_from_db()
    assert (program_village.vote_result, program_village.plan_status) == ("approved", "done")
    assert program_village.vote_participation == Decimal("82.50")
    assert program_village.history.count() == 2  # created, then changed


def test_plan_done_needs_its_date_and_not_before_the_vote(province_a):
    program_village = village_in("480101")

    with pytest.raises(ValidationError) as missing:
        program_village_set_status(
            program_village=program_village, **APPROVED, plan_status=PlanStatus.DONE,
            plan_status_date=None,
        )  # fmt: skip
    with pytest.raises(ValidationError) as early:
        program_village_set_status(
            program_village=program_village, **APPROVED, plan_status=PlanStatus.DONE,
            plan_status_date=datetime.date(2020, 12, 1),
        )  # fmt: skip

    assert missing.value.message_dict["plan_status_date"] == ["กรุณาระบุวันที่แผนหมู่บ้านเสร็จ"]
    assert early.value.message_dict["plan_status_date"] == ["วันที่แผนหมู่บ้านเสร็จต้องไม่ก่อนวันที่จัดประชาคม"]


def test_a_held_vote_needs_its_date(province_a):
    program_village = village_in("480101")

    with pytest.raises(ValidationError) as error:
        program_village_set_status(
            program_village=program_village, vote_result=VoteResult.REJECTED, vote_date=None,
            vote_participation=None, plan_status=PlanStatus.NOT_STARTED, plan_status_date=None,
        )  # fmt: skip

    assert error.value.message_dict["vote_date"] == ["กรุณาระบุวันที่จัดประชาคม"]


def test_participation_above_100_percent_is_refused(province_a):
    program_village = village_in("480101")

    with pytest.raises(ValidationError) as error:
        program_village_set_status(
            program_village=program_village, **{**APPROVED, "vote_participation": Decimal(101)},
            plan_status=PlanStatus.DRAFTING, plan_status_date=None,
        )  # fmt: skip

    assert "vote_participation" in error.value.message_dict


# --- Villages and joining a program ------------------------------------------------------


def test_officers_enter_a_village_without_the_word_baan(province_a):
    village = village_create(
        subdistrict=Subdistrict.objects.get(code="480101"), number=7, name_th=" บ้านนาสมดี "
    )

    assert village.name_th == "นาสมดี"
    assert str(village) == "บ้านนาสมดี หมู่ที่ 7"


def test_a_village_number_is_used_once_per_subdistrict(province_a):
    subdistrict = Subdistrict.objects.get(code="480101")
    village_create(subdistrict=subdistrict, number=7, name_th="นาสมดี")

    with pytest.raises(ValidationError) as error:
        village_create(subdistrict=subdistrict, number=7, name_th="อีกชื่อ")

    assert error.value.message_dict["number"] == ["ตำบลนี้มีหมู่ที่ 7 อยู่แล้ว"]


def test_joining_takes_the_province_of_the_village(province_a, province_b):
    village = VillageFactory(subdistrict=province_b.districts.first().subdistricts.first())
    program = ProgramFactory()

    program_village = program_village_add(program=program, village=village, joined_fiscal_year=2564)

    assert program_village.province_id == "33"


def test_a_village_joins_a_program_once(province_a):
    program_village = village_in("480101")

    with pytest.raises(ValidationError) as error:
        program_village_add(
            program=program_village.program, village=program_village.village,
            joined_fiscal_year=2565,
        )  # fmt: skip

    assert error.value.message_dict["village"] == ["หมู่บ้านนี้อยู่ในโครงการนี้แล้ว"]


def test_a_village_cannot_join_a_program_not_run_in_its_province(province_a, province_b):
    program = ProgramFactory()
    program.provinces.set([province_b])
    village = VillageFactory(subdistrict=province_a.districts.first().subdistricts.first())

    with pytest.raises(ValidationError) as error:
        program_village_add(program=program, village=village, joined_fiscal_year=2564)

    assert error.value.message_dict["program"] == ["โครงการนี้ไม่ได้ดำเนินการในจังหวัดของหมู่บ้าน"]


def test_a_new_village_is_not_kept_when_it_cannot_join(province_a, province_b):
    program = ProgramFactory()
    program.provinces.set([province_b])

    with pytest.raises(ValidationError):
        program_village_add_new_village(
            program=program, subdistrict=Subdistrict.objects.get(code="480101"), number=9,
            name_th="ใหม่", joined_fiscal_year=2564,
        )  # fmt: skip

    assert not Village.objects.filter(number=9).exists()


def test_a_plan_item_with_a_negative_budget_is_refused(province_a):
    program_village = village_in("480101")

    with pytest.raises(ValidationError) as error:
        village_plan_item_create(
            program_village=program_village, measure="water", title="ฝาย", budget=Decimal(-1)
        )

    assert "budget" in error.value.message_dict


# --- Reads -------------------------------------------------------------------------------


def test_summary_counts_done_plans_from_plan_status_per_province_and_district(
    province_a, province_b
):
    district_a2 = DistrictFactory(province=province_a, code="4802", name_th="ปลาปาก")
    subdistrict_a2 = SubdistrictFactory(district=district_a2, code="480201")
    program = ProgramFactory(slug="roi-jai-rak")
    done = {"plan_status": PlanStatus.DONE, "vote_result": VoteResult.APPROVED}
    village_in("480101", program=program, **done)
    village_in("480101", program=program)
    ProgramVillageFactory(program=program, village__subdistrict=subdistrict_a2, **done)
    village_in("330101", program=program, **done)

    summary = village_plan_summary(program_villages=ProgramVillage.objects.all())

    assert (summary.overall.done, summary.overall.total, summary.overall.remaining) == (3, 4, 1)
    assert [(p.code, p.done, p.total) for p in summary.by_province] == [("33", 1, 1), ("48", 2, 3)]
    assert [(d.code, d.done, d.total) for d in summary.by_district] == [
        ("3301", 1, 1),
        ("4801", 1, 2),
        ("4802", 1, 1),
    ]
    assert summary.overall.percent == 75.0


def test_summary_of_nothing_is_zero_of_zero(db):
    summary = village_plan_summary(program_villages=ProgramVillage.objects.none())

    assert (summary.overall.done, summary.overall.total, summary.overall.percent) == (0, 0, 0.0)


def test_summary_of_a_scoped_list_counts_only_its_province(officer_a, province_b):
    program = ProgramFactory(slug="roi-jai-rak")
    village_in("480101", program=program)
    village_in("330101", program=program, plan_status="done", vote_result="approved")

    summary = village_plan_summary(program_villages=program_village_list(user=officer_a))

    assert (summary.overall.done, summary.overall.total) == (0, 1)


def test_plan_items_are_grouped_by_measure_in_measure_order(province_a):
    program_village = village_in("480101")
    VillagePlanItemFactory(program_village=program_village, measure="tourism", budget=50000)
    VillagePlanItemFactory(program_village=program_village, measure="water", budget=100000)
    VillagePlanItemFactory(program_village=program_village, measure="water", budget=20000.5)

    groups = plan_items_by_measure(program_village=program_village)

    assert [(g.measure, len(g.items), g.budget) for g in groups] == [
        ("water", 2, Decimal("120000.50")),
        ("tourism", 1, Decimal("50000")),
    ]
    assert groups[0].label == "แหล่งน้ำ"
