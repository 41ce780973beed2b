"""Sign-off of a province's figures: one approval record per program, province, fiscal
year and reporting period, and the administrator's extension of the entry deadline.

A period is what an officer enters on one screen ("ไตรมาสที่ 2" of a program) and what
the head of the provincial office signs off in one action, as eMENSCR's units send a
period's figures for approval; every result of the period reads its state from here.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import ScopedQuerySet
from programs.models.frameworks import Frequency, Program
from programs.models.geography import Province
from thai.fields import BuddhistYearField
from thai.fiscal_year import period_label


class ApprovalState(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    SUBMITTED = "submitted", _("ส่งรับรองแล้ว")
    APPROVED = "approved", _("รับรองแล้ว")
    RETURNED = "returned", _("ส่งกลับให้แก้ไข")
    REOPENED = "reopened", _("เปิดให้แก้ไขหลังรับรอง")

    @classmethod
    def editable(cls) -> set[str]:
        """States in which the officer may change figures."""
        return {cls.DRAFT, cls.RETURNED, cls.REOPENED}


PROVISIONAL = _("ยังไม่ผ่านการรับรอง")


class PeriodApprovalQuerySet(ScopedQuerySet):
    province_field = "province"


class PeriodApproval(models.Model):
    """The sign-off of one province's figures of a program for one reporting period.

    ``approved_figures`` keeps the figures as they were approved last, so that after a
    reopen the approver sees what changed since; ``returned_items`` names the figures an
    approver sent back, with a reason each ({indicator id: reason}).
    """

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="period_approvals",
        verbose_name=_("โครงการ"),
    )  # fmt: skip
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="period_approvals",
        verbose_name=_("จังหวัด"),
    )  # fmt: skip
    fiscal_year = BuddhistYearField(_("ปีงบประมาณ (พ.ศ.)"))
    frequency = models.CharField(_("ความถี่การรายงาน"), max_length=10, choices=Frequency.choices)
    period = models.PositiveSmallIntegerField(_("งวด"))
    state = models.CharField(
        _("สถานะการรับรอง"), max_length=10, choices=ApprovalState.choices,
        default=ApprovalState.DRAFT,
    )  # fmt: skip
    reason = models.TextField(_("เหตุผล"), blank=True)
    returned_items = models.JSONField(_("ผลที่ส่งกลับให้แก้ไข"), default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("ผู้ส่งรับรอง"),
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("ส่งรับรองเมื่อ"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("ผู้พิจารณาล่าสุด"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("พิจารณาเมื่อ"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("ผู้รับรอง"),
    )  # fmt: skip
    approved_at = models.DateTimeField(_("รับรองเมื่อ"), null=True, blank=True)
    approved_figures = models.JSONField(_("ผลที่รับรองครั้งล่าสุด"), default=dict, blank=True)

    objects = PeriodApprovalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "province", "fiscal_year", "frequency", "period"]
        verbose_name = _("การรับรองผลตัวชี้วัด")
        verbose_name_plural = _("การรับรองผลตัวชี้วัด")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "province", "fiscal_year", "frequency", "period"],
                name="%(app_label)s_%(class)s_unique_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period__gte=1, period__lte=12),
                name="%(app_label)s_%(class)s_period_range",
            ),
            models.CheckConstraint(
                condition=models.Q(fiscal_year__gte=2400), name="%(app_label)s_%(class)s_fy_be"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in ApprovalState]),
                name="%(app_label)s_%(class)s_state_valid",
            ),
            # An approved period always says who approved it and when.
            models.CheckConstraint(
                condition=~models.Q(state="approved")
                | models.Q(approved_by__isnull=False, approved_at__isnull=False),
                name="%(app_label)s_%(class)s_approved_has_approver",
            ),
        ]

    def __str__(self) -> str:
        # As the audit log and the admin site name it: which figures, in Thai.
        return _("%(program)s · %(period)s ปีงบประมาณ %(year)s · จังหวัด%(province)s") % {
            "program": self.program,
            "period": period_label(self.frequency, self.period),
            "year": self.fiscal_year,
            "province": self.province.name_th,
        }

    def clean(self) -> None:
        if (
            self.frequency
            and self.period
            and not 1 <= self.period <= Frequency(self.frequency).periods
        ):
            raise ValidationError(
                {
                    "period": _("งวดต้องอยู่ระหว่าง 1 ถึง %(n)s")
                    % {"n": Frequency(self.frequency).periods}
                }
            )
        if (
            self.state in (ApprovalState.RETURNED, ApprovalState.REOPENED)
            and not self.reason.strip()
        ):
            raise ValidationError({"reason": _("กรุณาระบุเหตุผล")})

    @property
    def is_approved(self) -> bool:
        return self.state == ApprovalState.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.state in ApprovalState.editable()


class EntryExtensionQuerySet(ScopedQuerySet):
    province_field = "province"


class EntryExtension(models.Model):
    """An administrator keeps data entry of a program open for one province past the
    program's closing date (``Program.entry_closes_after_days``), until ``open_until``."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="entry_extensions",
        verbose_name=_("โครงการ"),
    )  # fmt: skip
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="entry_extensions",
        verbose_name=_("จังหวัด"),
    )  # fmt: skip
    open_until = models.DateField(_("เปิดรับข้อมูลถึงวันที่"))
    reason = models.TextField(_("เหตุผล"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("ผู้อนุญาต"),
    )  # fmt: skip
    granted_at = models.DateTimeField(_("อนุญาตเมื่อ"), auto_now=True)

    objects = EntryExtensionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "province"]
        verbose_name = _("การขยายเวลาบันทึกผล")
        verbose_name_plural = _("การขยายเวลาบันทึกผล")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "province"], name="%(app_label)s_%(class)s_unique_province"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.province_id} → {self.open_until}"
