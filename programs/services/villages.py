"""Writes of ร้อยใจรักษ์ villages: officers enter villages, the community vote, the
village plan's status and its items. Every write runs the model's rules (``full_clean``).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from programs.models import (
    PlanItemStatus,
    PlanStatus,
    Program,
    ProgramVillage,
    Subdistrict,
    Village,
    VillagePlanItem,
    VoteResult,
)


@transaction.atomic
def village_create(
    *, subdistrict: Subdistrict, number: int, name_th: str, code: str = ""
) -> Village:
    """A village entered by an officer (DOPA publishes no open list of villages)."""
    name_th = name_th.strip()
    # Officers often type the "บ้าน" the list adds in front of the name again.
    if name_th.startswith("บ้าน") and len(name_th) > len("บ้าน"):
        name_th = name_th[len("บ้าน") :].strip()
    if Village.objects.filter(subdistrict=subdistrict, number=number).exists():
        raise ValidationError({"number": _("ตำบลนี้มีหมู่ที่ %(number)s อยู่แล้ว") % {"number": number}})
    village = Village(subdistrict=subdistrict, number=number, name_th=name_th, code=code.strip())
    village.full_clean()
    village.save()
    return village


@transaction.atomic
def program_village_add(
    *, program: Program, village: Village, joined_fiscal_year: int
) -> ProgramVillage:
    """Put a village into a program; its province is the village's own, never chosen."""
    program_village = ProgramVillage(
        program=program,
        village=village,
        province_id=village.subdistrict.district.province_id,
        joined_fiscal_year=joined_fiscal_year,
    )
    if ProgramVillage.objects.filter(program=program, village=village).exists():
        raise ValidationError({"village": _("หมู่บ้านนี้อยู่ในโครงการนี้แล้ว")})
    program_village.full_clean()
    if (
        program.provinces.exists()
        and not program.provinces.filter(pk=program_village.province_id).exists()
    ):
        raise ValidationError({"program": _("โครงการนี้ไม่ได้ดำเนินการในจังหวัดของหมู่บ้าน")})
    program_village.save()
    return program_village


@transaction.atomic
def program_village_add_new_village(
    *, program: Program, subdistrict: Subdistrict, number: int, name_th: str,
    joined_fiscal_year: int,
) -> ProgramVillage:  # fmt: skip
    """Enter a village and put it into a program, both or neither."""
    village = village_create(subdistrict=subdistrict, number=number, name_th=name_th)
    return program_village_add(
        program=program, village=village, joined_fiscal_year=joined_fiscal_year
    )


@transaction.atomic
def program_village_set_status(
    *,
    program_village: ProgramVillage,
    vote_result: str,
    vote_date: datetime.date | None,
    vote_participation: Decimal | None,
    plan_status: str,
    plan_status_date: datetime.date | None,
) -> ProgramVillage:
    """Record the community vote and the plan's status.

    The model's rule holds: a plan cannot be done before the vote approved it.
    """
    program_village.vote_result = vote_result
    program_village.vote_date = vote_date
    program_village.vote_participation = vote_participation
    program_village.plan_status = plan_status
    program_village.plan_status_date = plan_status_date
    errors = {}
    if vote_result != VoteResult.PENDING and vote_date is None:
        errors["vote_date"] = _("กรุณาระบุวันที่จัดประชาคม")
    if vote_result == VoteResult.PENDING and (vote_date or vote_participation is not None):
        errors["vote_result"] = _("ยังไม่จัดประชาคม จึงยังไม่มีวันที่หรือผู้เข้าร่วม")
    if plan_status == PlanStatus.DONE and plan_status_date is None:
        errors["plan_status_date"] = _("กรุณาระบุวันที่แผนหมู่บ้านเสร็จ")
    if (
        plan_status == PlanStatus.DONE
        and plan_status_date
        and vote_date
        and plan_status_date < vote_date
    ):
        errors["plan_status_date"] = _("วันที่แผนหมู่บ้านเสร็จต้องไม่ก่อนวันที่จัดประชาคม")
    try:
        program_village.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)
    program_village.save()
    return program_village


@transaction.atomic
def village_plan_item_create(
    *,
    program_village: ProgramVillage,
    measure: str,
    title: str,
    budget: Decimal,
    status: str = PlanItemStatus.PLANNED,
) -> VillagePlanItem:
    item = VillagePlanItem(
        program_village=program_village,
        measure=measure,
        title=title.strip(),
        budget=budget,
        status=status,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def village_plan_item_update(
    *, plan_item: VillagePlanItem, measure: str, title: str, budget: Decimal, status: str
) -> VillagePlanItem:
    plan_item.measure = measure
    plan_item.title = title.strip()
    plan_item.budget = budget
    plan_item.status = status
    plan_item.full_clean()
    plan_item.save()
    return plan_item
