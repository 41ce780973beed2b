"""Programs and their results frameworks: objectives → indicators → results per period."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import ScopedQuerySet, SharedOrProvinceQuerySet
from programs.models.constraints import unique_with_empty_as_value
from programs.models.geography import Province
from thai.fields import BuddhistYearField


class ProgramQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def operating_in(self, province):
        """Programs run in a province: those listing it, and those listing no province."""
        return self.filter(models.Q(provinces=province) | models.Q(provinces=None)).distinct()


class Program(models.Model):
    """A government program the portal follows; administrators add more."""

    slug = models.SlugField(_("รหัสโครงการ"), max_length=50, unique=True)
    name_th = models.CharField(_("ชื่อโครงการ"), max_length=255)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=255, blank=True)
    short_name = models.CharField(_("ชื่อย่อ"), max_length=100, blank=True)
    owner_agency = models.CharField(_("หน่วยงานเจ้าของโครงการ"), max_length=255, blank=True)
    description = models.TextField(_("รายละเอียด"), blank=True)
    start_year = BuddhistYearField(
        _("ปีเริ่มต้น (พ.ศ.)"), null=True, blank=True, help_text=_("ปีงบประมาณ พ.ศ.")
    )
    end_year = BuddhistYearField(_("ปีสิ้นสุด (พ.ศ.)"), null=True, blank=True)
    provinces = models.ManyToManyField(
        Province,
        blank=True,
        related_name="programs",
        verbose_name=_("จังหวัดที่ดำเนินการ"),
        help_text=_("เว้นว่างไว้หากดำเนินการทุกจังหวัด"),
    )
    is_active = models.BooleanField(_("ดำเนินการอยู่"), default=True)
    entry_closes_after_days = models.PositiveSmallIntegerField(
        _("ปิดรับผลหลังสิ้นงวด (วัน)"), null=True, blank=True,
        help_text=_("เว้นว่างหากไม่ปิดรับตามวันที่ ผู้ดูแลระบบขยายเวลาให้รายจังหวัดได้"),
    )  # fmt: skip

    objects = ProgramQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("โครงการ")
        verbose_name_plural = _("โครงการ")
        constraints = [
            # Years are Buddhist era: a Christian-era year here is a typing mistake.
            models.CheckConstraint(
                condition=models.Q(start_year__isnull=True) | models.Q(start_year__gte=2400),
                name="%(app_label)s_%(class)s_start_year_be",
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True) | models.Q(end_year__gte=2400),
                name="%(app_label)s_%(class)s_end_year_be",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name_th

    def clean(self) -> None:
        errors = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("ปีสิ้นสุดต้องไม่ก่อนปีเริ่มต้น")
        if errors:
            raise ValidationError(errors)


class ObjectiveKind(models.TextChoices):
    STRATEGY = "strategy", _("ยุทธศาสตร์")
    OBJECTIVE = "objective", _("วัตถุประสงค์ (Objective)")
    MEASURE = "measure", _("มาตรการ")


class Objective(models.Model):
    """The top of a program's results framework for one fiscal year.

    TO BE NUMBER ONE: its three strategies; เพชรบูรณ์พอเพียง: one objective whose key
    results are the 5 ร่ม; ร้อยใจรักษ์: its measures (water, agriculture, …).
    """

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("โครงการ")
    )
    fiscal_year = BuddhistYearField(_("ปีงบประมาณ (พ.ศ.)"))
    kind = models.CharField(_("ประเภท"), max_length=20, choices=ObjectiveKind.choices)
    number = models.PositiveSmallIntegerField(_("ลำดับ"))
    name = models.CharField(_("ชื่อ"), max_length=500)
    description = models.TextField(_("รายละเอียด"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "fiscal_year", "number"]
        verbose_name = _("ยุทธศาสตร์/วัตถุประสงค์")
        verbose_name_plural = _("ยุทธศาสตร์/วัตถุประสงค์")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "fiscal_year", "number"],
                name="%(app_label)s_%(class)s_unique_number_per_year",
            ),
            models.CheckConstraint(
                condition=models.Q(fiscal_year__gte=2400), name="%(app_label)s_%(class)s_fy_be"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number} {self.name}"


class IndicatorKind(models.TextChoices):
    AMOUNT = "amount", _("จำนวนพร้อมหน่วย")
    PERCENTAGE = "percentage", _("ร้อยละ (ตัวตั้ง/ตัวหาร)")
    COUNT_OF = "count_of", _("จำนวนจากทั้งหมด (เช่น 13 จาก 47)")
    SCORE = "score", _("คะแนนและระดับ")


class Direction(models.TextChoices):
    HIGHER = "higher", _("ยิ่งมากยิ่งดี")
    LOWER = "lower", _("ยิ่งน้อยยิ่งดี")
    RANGE = "range", _("อยู่ในช่วงเป้าหมาย")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("รายเดือน")
    QUARTERLY = "quarterly", _("รายไตรมาส")
    YEARLY = "yearly", _("รายปี")

    @property
    def periods(self) -> int:
        return {"monthly": 12, "quarterly": 4, "yearly": 1}[self.value]


class IndicatorStatus(models.TextChoices):
    ON_TRACK = "on_track", _("ตามเป้าหมาย")
    AT_RISK = "at_risk", _("เสี่ยง")
    OFF_TRACK = "off_track", _("ต่ำกว่าเป้าหมาย")
    NO_DATA = "no_data", _("ยังไม่รายงาน")


class IndicatorQuerySet(SharedOrProvinceQuerySet):
    province_field = "province"


class Indicator(models.Model):
    """A key result or indicator of one fiscal year, with its target and how it is read.

    ``province`` empty: the indicator applies to every province running the program
    (each reports its own results); set: the province's own indicator (Phrae's KPIs).
    """

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="indicators",
        verbose_name=_("ยุทธศาสตร์/วัตถุประสงค์"),
    )  # fmt: skip
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators",
        verbose_name=_("จังหวัด"), help_text=_("เว้นว่างหากใช้กับทุกจังหวัดของโครงการ"),
    )  # fmt: skip
    code = models.CharField(_("รหัสตัวชี้วัด"), max_length=30)
    name = models.CharField(_("ชื่อตัวชี้วัด"), max_length=500)
    kind = models.CharField(_("ชนิด"), max_length=20, choices=IndicatorKind.choices)
    unit = models.CharField(_("หน่วย"), max_length=50, blank=True)
    direction = models.CharField(
        _("ทิศทาง"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline = models.DecimalField(
        _("ค่าฐาน"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target = models.DecimalField(_("ค่าเป้าหมาย"), max_digits=18, decimal_places=4)
    target_max = models.DecimalField(
        _("ค่าเป้าหมายสูงสุด"), max_digits=18, decimal_places=4, null=True, blank=True,
        help_text=_("ใช้เมื่อเป้าหมายเป็นช่วง"),
    )  # fmt: skip
    is_cumulative = models.BooleanField(
        _("สะสมตลอดปี"), default=False,
        help_text=_("ผลแต่ละงวดเป็นยอดสะสม เทียบกับเป้าหมายตามสัดส่วนของปีที่ผ่านไป"),
    )  # fmt: skip
    at_risk_margin = models.DecimalField(
        _("ช่วงเฝ้าระวัง (ร้อยละของเป้าหมาย)"), max_digits=5, decimal_places=2,
        default=Decimal("10"), validators=[MinValueValidator(0)],
    )  # fmt: skip
    frequency = models.CharField(
        _("ความถี่การรายงาน"), max_length=10, choices=Frequency.choices,
        default=Frequency.QUARTERLY,
    )  # fmt: skip
    lead_agency = models.ForeignKey(
        "programs.Agency", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="led_indicators", verbose_name=_("หน่วยงานหลัก"),
    )  # fmt: skip
    co_agencies = models.ManyToManyField(
        "programs.Agency", blank=True, related_name="supported_indicators",
        verbose_name=_("หน่วยงานร่วม"),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[co_agencies])

    class Meta:
        ordering = ["objective", "order", "code"]
        verbose_name = _("ตัวชี้วัด")
        verbose_name_plural = _("ตัวชี้วัด")
        constraints = [
            *unique_with_empty_as_value(
                fields=["objective", "province", "code"],
                nullable=["province"],
                name="programs_indicator_unique_code",
                message=_("รหัสตัวชี้วัดนี้มีอยู่แล้วในยุทธศาสตร์/วัตถุประสงค์นี้"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def program(self) -> Program:
        return self.objective.program

    @property
    def fiscal_year(self) -> int:
        return self.objective.fiscal_year

    def clean(self) -> None:
        errors = {}
        if self.direction == Direction.RANGE:
            if self.target_max is None:
                errors["target_max"] = _("เป้าหมายแบบช่วงต้องมีค่าสูงสุด")
            elif self.target is not None and self.target_max < self.target:
                errors["target_max"] = _("ค่าสูงสุดต้องไม่น้อยกว่าค่าเป้าหมาย")
        if (
            self.lead_agency_id
            and self.province_id
            and self.lead_agency.province_id != self.province_id
        ):
            errors["lead_agency"] = _("หน่วยงานหลักต้องอยู่ในจังหวัดเดียวกับตัวชี้วัด")
        if errors:
            raise ValidationError(errors)


class GradeBand(models.Model):
    """A grade of a score indicator: ITA AA 95–100, A 85–94.99, B 75–84.99 …"""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="grade_bands",
        verbose_name=_("ตัวชี้วัด"),
    )  # fmt: skip
    grade = models.CharField(_("ระดับ"), max_length=20)
    min_score = models.DecimalField(_("คะแนนต่ำสุด"), max_digits=9, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "-min_score"]
        verbose_name = _("ระดับคะแนน")
        verbose_name_plural = _("ระดับคะแนน")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "grade"], name="%(app_label)s_%(class)s_unique_grade"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grade} ≥ {self.min_score}"


class IndicatorResultQuerySet(ScopedQuerySet):
    province_field = "province"

    def with_approval(self):
        """Each result with the sign-off of its period: ``approval_state`` (draft when the
        period was never submitted) and ``approval_at`` (when it was last approved)."""
        from programs.models.approvals import ApprovalState, PeriodApproval

        approval = PeriodApproval.objects.filter(
            program=models.OuterRef("indicator__objective__program"),
            fiscal_year=models.OuterRef("indicator__objective__fiscal_year"),
            frequency=models.OuterRef("indicator__frequency"),
            province=models.OuterRef("province"),
            period=models.OuterRef("period"),
        )
        return self.annotate(
            approval_state=Coalesce(
                models.Subquery(approval.values("state")[:1]),
                models.Value(ApprovalState.DRAFT.value),
            ),
            approval_at=models.Subquery(approval.values("approved_at")[:1]),
        )

    def approved_only(self):
        from programs.models.approvals import ApprovalState

        return self.with_approval().filter(approval_state=ApprovalState.APPROVED)


class IndicatorResult(models.Model):
    """What a province reported for an indicator in one fiscal period.

    ``period`` counts from October: 1–12 for monthly, 1–4 for quarterly, 1 for yearly.
    ``status`` is derived by ``programs.indicator_status`` and stored for dashboards.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="results", verbose_name=_("ตัวชี้วัด")
    )
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="indicator_results",
        verbose_name=_("จังหวัด"),
    )  # fmt: skip
    period = models.PositiveSmallIntegerField(_("งวด"))
    value = models.DecimalField(_("ผลการดำเนินงาน"), max_digits=18, decimal_places=4)
    numerator = models.DecimalField(
        _("ตัวตั้ง"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("ตัวหาร"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=IndicatorStatus.choices, default=IndicatorStatus.NO_DATA
    )
    evidence_note = models.TextField(_("หลักฐาน/หมายเหตุ"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("ผู้บันทึก"),
    )  # fmt: skip
    entered_at = models.DateTimeField(_("บันทึกเมื่อ"), auto_now=True)

    objects = IndicatorResultQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "province", "period"]
        verbose_name = _("ผลตัวชี้วัด")
        verbose_name_plural = _("ผลตัวชี้วัด")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "province", "period"],
                name="%(app_label)s_%(class)s_unique_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period__gte=1, period__lte=12),
                name="%(app_label)s_%(class)s_period_range",
            ),
        ]
        indexes = [models.Index(fields=["province", "status"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.province_id} งวด {self.period}: {self.value}"

    def clean(self) -> None:
        errors = {}
        periods = Frequency(self.indicator.frequency).periods if self.indicator_id else 12
        if self.period is not None and not 1 <= self.period <= periods:
            errors["period"] = _("งวดต้องอยู่ระหว่าง 1 ถึง %(n)s") % {"n": periods}
        if self.denominator is not None and self.denominator <= 0:
            errors["denominator"] = _("ตัวหารต้องมากกว่าศูนย์")
        if self.indicator_id and self.indicator.province_id not in (None, self.province_id):
            errors["indicator"] = _("ตัวชี้วัดนี้เป็นของจังหวัดอื่น")
        if errors:
            raise ValidationError(errors)


class IndicatorAttachmentQuerySet(ScopedQuerySet):
    province_field = "result__province"


class IndicatorAttachment(models.Model):
    result = models.ForeignKey(
        IndicatorResult, on_delete=models.CASCADE, related_name="attachments",
        verbose_name=_("ผลตัวชี้วัด"),
    )  # fmt: skip
    file = models.FileField(_("ไฟล์"), upload_to="indicator-evidence/%Y/%m/")
    original_name = models.CharField(_("ชื่อไฟล์"), max_length=255)
    # From the bytes at upload (core.uploads); older files are served as bytes only.
    content_type = models.CharField(_("ชนิดไฟล์"), max_length=100, default="application/octet-stream")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("ผู้แนบ"),
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("แนบเมื่อ"), auto_now_add=True)

    objects = IndicatorAttachmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ไฟล์หลักฐาน")
        verbose_name_plural = _("ไฟล์หลักฐาน")

    def __str__(self) -> str:
        return self.original_name
