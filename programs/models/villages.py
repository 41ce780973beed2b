"""ร้อยใจรักษ์ villages: the community vote to join, the village plan and its items.

"13 of 47 plans done" is counted from ``plan_status``, never typed.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import ScopedQuerySet
from thai.fields import BuddhistYearField


class VoteResult(models.TextChoices):
    PENDING = "pending", _("ยังไม่จัดประชาคม")
    APPROVED = "approved", _("ประชาคมเห็นชอบ")
    REJECTED = "rejected", _("ประชาคมไม่เห็นชอบ")


class PlanStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("ยังไม่เริ่ม")
    DRAFTING = "drafting", _("กำลังจัดทำ")
    DONE = "done", _("จัดทำแล้วเสร็จ")


class Measure(models.TextChoices):
    WATER = "water", _("แหล่งน้ำ")
    AGRICULTURE = "agriculture", _("การเกษตร")
    OCCUPATION = "occupation", _("อาชีพ")
    TOURISM = "tourism", _("การท่องเที่ยว")
    PREVENTION = "prevention", _("การป้องกันยาเสพติด/เยาวชน")


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", _("ตามแผน")
    IN_PROGRESS = "in_progress", _("กำลังดำเนินการ")
    DONE = "done", _("เสร็จสิ้น")
    CANCELLED = "cancelled", _("ยกเลิก")


class ProgramVillageQuerySet(ScopedQuerySet):
    province_field = "province"


class ProgramVillage(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="villages",
        verbose_name=_("โครงการ"),
    )  # fmt: skip
    village = models.ForeignKey(
        "programs.Village", on_delete=models.PROTECT, related_name="program_entries",
        verbose_name=_("หมู่บ้าน"),
    )  # fmt: skip
    # Copied from the village's subdistrict for scoping without four joins.
    province = models.ForeignKey(
        "programs.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("จังหวัด")
    )
    joined_fiscal_year = BuddhistYearField(_("เข้าร่วมปีงบประมาณ (พ.ศ.)"))
    vote_result = models.CharField(
        _("ผลประชาคม"), max_length=10, choices=VoteResult.choices, default=VoteResult.PENDING
    )
    vote_date = models.DateField(_("วันที่จัดประชาคม"), null=True, blank=True)
    vote_participation = models.DecimalField(
        _("ผู้เข้าร่วมประชาคม (ร้อยละ)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    plan_status = models.CharField(
        _("สถานะแผนหมู่บ้าน"), max_length=15, choices=PlanStatus.choices,
        default=PlanStatus.NOT_STARTED,
    )  # fmt: skip
    plan_status_date = models.DateField(_("วันที่สถานะแผน"), null=True, blank=True)

    objects = ProgramVillageQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["province", "village"]
        verbose_name = _("หมู่บ้านในโครงการ")
        verbose_name_plural = _("หมู่บ้านในโครงการ")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "village"], name="%(app_label)s_%(class)s_unique_village"
            ),
            models.CheckConstraint(
                condition=models.Q(joined_fiscal_year__gte=2400),
                name="%(app_label)s_%(class)s_fy_be",
            ),
        ]
        indexes = [models.Index(fields=["program", "province", "plan_status"])]

    def __str__(self) -> str:
        return str(self.village)

    def clean(self) -> None:
        village_province = (
            self.village.subdistrict.district.province_id if self.village_id else None
        )
        if self.province_id and village_province and village_province != self.province_id:
            raise ValidationError({"village": _("หมู่บ้านต้องอยู่ในจังหวัดที่ระบุ")})
        if self.plan_status == PlanStatus.DONE and self.vote_result != VoteResult.APPROVED:
            raise ValidationError({"plan_status": _("แผนหมู่บ้านจะเสร็จได้เมื่อประชาคมเห็นชอบแล้วเท่านั้น")})


class VillagePlanItemQuerySet(ScopedQuerySet):
    province_field = "program_village__province"


class VillagePlanItem(models.Model):
    program_village = models.ForeignKey(
        ProgramVillage, on_delete=models.CASCADE, related_name="plan_items",
        verbose_name=_("หมู่บ้านในโครงการ"),
    )  # fmt: skip
    measure = models.CharField(_("มาตรการ"), max_length=15, choices=Measure.choices)
    title = models.CharField(_("รายการ"), max_length=500)
    budget = models.DecimalField(
        _("งบประมาณ (บาท)"), max_digits=14, decimal_places=2, default=0,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    status = models.CharField(
        _("สถานะ"), max_length=15, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )

    objects = VillagePlanItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["program_village", "measure", "pk"]
        verbose_name = _("รายการในแผนหมู่บ้าน")
        verbose_name_plural = _("รายการในแผนหมู่บ้าน")

    def __str__(self) -> str:
        return self.title
