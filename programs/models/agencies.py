"""Agencies (หน่วยงาน) of a province and the projects they run under a program."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import ScopedQuerySet
from thai.fields import BuddhistYearField


class AgencyQuerySet(ScopedQuerySet):
    province_field = "province"


class Agency(models.Model):
    province = models.ForeignKey(
        "programs.Province", on_delete=models.PROTECT, related_name="agencies",
        verbose_name=_("จังหวัด"),
    )  # fmt: skip
    name = models.CharField(_("ชื่อหน่วยงาน"), max_length=255)
    short_name = models.CharField(_("ชื่อย่อ"), max_length=50, blank=True)
    is_active = models.BooleanField(_("ใช้งาน"), default=True)

    objects = AgencyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["province", "name"]
        verbose_name = _("หน่วยงาน")
        verbose_name_plural = _("หน่วยงาน")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("ยังไม่เริ่ม")
    IN_PROGRESS = "in_progress", _("กำลังดำเนินการ")
    DONE = "done", _("เสร็จสิ้น")
    CANCELLED = "cancelled", _("ยกเลิก")


class ProjectQuerySet(ScopedQuerySet):
    province_field = "province"


class Project(models.Model):
    """A project or activity an agency runs under a program (Phetchabun: 86 of them)."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="projects",
        verbose_name=_("โครงการหลัก"),
    )  # fmt: skip
    province = models.ForeignKey(
        "programs.Province", on_delete=models.PROTECT, related_name="projects",
        verbose_name=_("จังหวัด"),
    )  # fmt: skip
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="projects", verbose_name=_("หน่วยงาน")
    )
    objective = models.ForeignKey(
        "programs.Objective", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="projects", verbose_name=_("ยุทธศาสตร์/ผลลัพธ์ที่สนับสนุน"),
    )  # fmt: skip
    name = models.CharField(_("ชื่อโครงการ/กิจกรรม"), max_length=500)
    fiscal_year = BuddhistYearField(_("ปีงบประมาณ (พ.ศ.)"))
    budget = models.DecimalField(
        _("งบประมาณ (บาท)"), max_digits=14, decimal_places=2, default=0,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    start_date = models.DateField(_("วันเริ่ม"), null=True, blank=True)
    end_date = models.DateField(_("วันสิ้นสุด"), null=True, blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("ความก้าวหน้า (ร้อยละ)"), default=0, validators=[MaxValueValidator(100)]
    )

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["province", "program", "name"]
        verbose_name = _("โครงการ/กิจกรรม")
        verbose_name_plural = _("โครงการ/กิจกรรม")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fiscal_year__gte=2400), name="%(app_label)s_%(class)s_fy_be"
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="%(app_label)s_%(class)s_progress"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.agency_id and self.province_id and self.agency.province_id != self.province_id:
            errors["agency"] = _("หน่วยงานต้องอยู่ในจังหวัดเดียวกับโครงการ")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("วันสิ้นสุดต้องไม่ก่อนวันเริ่ม")
        if errors:
            raise ValidationError(errors)
