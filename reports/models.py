"""Report jobs: the database row is the truth about a report being made."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import Action, ScopedQuerySet


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("รอคิว")
    RUNNING = "running", _("กำลังจัดทำ")
    DONE = "done", _("เสร็จแล้ว")
    FAILED = "failed", _("ไม่สำเร็จ")


class ReportJobQuerySet(ScopedQuerySet):
    """A user's own jobs; the scheduled jobs (no requester) of provinces in their scope.

    Administrators read every job. Another user's job answers 404, even in the
    same province: what someone asked for is theirs.
    """

    province_field = "province"

    def for_user(self, user, action: Action | str = Action.VIEW):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_administrator:
            return self
        return self.filter(Q(requested_by=user) | self._scheduled_readable_by(user))

    @staticmethod
    def _scheduled_readable_by(user) -> Q:
        """Scheduled jobs whose file was made for a view no wider than the user's own."""
        scheduled = Q(requested_by__isnull=True)
        if user.is_evaluator:
            return Q(pk__in=[])
        if user.province_id is not None:
            return scheduled & Q(
                province_id=user.province_id, viewer_scope=f"province:{user.province_id}"
            )
        if user.is_executive:  # national: every province's view, and the national one
            return scheduled & (
                Q(viewer_scope__startswith="province:") | Q(viewer_scope="national")
            )
        return Q(pk__in=[])

    def finished(self):
        return self.filter(status__in=[ReportStatus.DONE, ReportStatus.FAILED])


class ReportJob(models.Model):
    kind = models.CharField(_("ชนิดรายงาน"), max_length=50)
    parameters = models.JSONField(_("เงื่อนไขรายงาน"), default=dict)
    # sha256 of the canonical JSON of ``parameters``: jobs are matched on it for reuse.
    parameters_key = models.CharField(max_length=64, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_jobs",
        verbose_name=_("ผู้ขอรายงาน"),
        help_text=_("ว่างไว้สำหรับรายงานที่ระบบจัดทำตามกำหนด"),
    )
    province = models.ForeignKey(
        "programs.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_jobs",
        verbose_name=_("จังหวัด"),
    )
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("ความคืบหน้า (ร้อยละ)"), default=0)
    step = models.CharField(_("ขั้นตอนปัจจุบัน"), max_length=200, blank=True)
    error = models.TextField(_("ข้อผิดพลาด"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("จำนวนครั้งที่จัดทำ"), default=0)
    data_version = models.CharField(_("รุ่นของข้อมูล"), max_length=64, blank=True)
    # Whose view of the data the file was made for (``reports.kinds.base.viewer_scope``):
    # a finished file is reused only for a request with the same view.
    viewer_scope = models.CharField(
        _("ขอบเขตข้อมูลที่ผู้ขอมองเห็น"), max_length=64, blank=True, editable=False
    )
    file = models.FileField(_("ไฟล์"), upload_to="reports/%Y/%m/", blank=True)
    size = models.PositiveBigIntegerField(_("ขนาดไฟล์ (ไบต์)"), null=True, blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("จำนวนหน้า"), null=True, blank=True)
    requested_at = models.DateTimeField(_("ขอเมื่อ"), auto_now_add=True)
    # When the job was handed to the broker. Empty while queued: Redis was unreachable
    # at the request, and the sweeper (or the next identical request) sends it.
    enqueued_at = models.DateTimeField(_("ส่งเข้าคิวเมื่อ"), null=True, blank=True, editable=False)
    started_at = models.DateTimeField(_("เริ่มจัดทำเมื่อ"), null=True, blank=True)
    # Which worker process renders the job ("host:pid") and when it last said so: a
    # running job whose worker has gone quiet is handed to another within a minute.
    worker = models.CharField(_("เครื่องประมวลผล"), max_length=255, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(
        _("เครื่องประมวลผลแจ้งสถานะล่าสุดเมื่อ"), null=True, blank=True, editable=False
    )
    finished_at = models.DateTimeField(_("เสร็จเมื่อ"), null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("งานจัดทำรายงาน")
        verbose_name_plural = _("งานจัดทำรายงาน")
        indexes = [
            models.Index(
                fields=["kind", "parameters_key", "viewer_scope", "data_version", "status"],
                name="reports_job_reuse_idx",
            ),
            models.Index(fields=["requested_by", "-requested_at"]),
            models.Index(fields=["status", "started_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="%(app_label)s_%(class)s_progress_percent"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file=""),
                name="%(app_label)s_%(class)s_done_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_unsent(self) -> bool:
        return self.status == ReportStatus.QUEUED and self.enqueued_at is None

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)

    @property
    def kind_spec(self):
        from reports.kinds import registry

        return registry.get(self.kind)

    @property
    def title(self) -> str:
        spec = self.kind_spec
        return spec.title(self.parameters) if spec else self.kind

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


# --- Signed records (reports/signing/) --------------------------------------------------


class SigningCertificate(models.Model):
    """A province's (or, with no province, the agency's) signing certificate, installed by
    an administrator (``manage.py signing_certificate_install``). The key stays where it
    is: a PKCS#12 file whose passphrase is in an environment variable, or a PKCS#11 token.
    The certificates are kept here so that a record signed with a retired key still
    verifies."""

    province = models.ForeignKey(
        "programs.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signing_certificates",
        verbose_name=_("จังหวัด"),
        help_text=_("ว่างไว้สำหรับใบรับรองของหน่วยงานที่ใช้กับทุกจังหวัดที่ไม่มีใบรับรองของตนเอง"),
    )
    holder = models.CharField(_("ผู้ถือใบรับรอง"), max_length=500)
    pkcs12_path = models.CharField(_("ไฟล์ PKCS#12"), max_length=1000, blank=True)
    password_env = models.CharField(_("ตัวแปรสภาพแวดล้อมที่เก็บรหัสผ่าน"), max_length=100, blank=True)
    pkcs11_module = models.CharField(_("ไลบรารี PKCS#11"), max_length=1000, blank=True)
    pkcs11_token = models.CharField(_("ชื่อโทเค็น PKCS#11"), max_length=200, blank=True)
    pkcs11_key_label = models.CharField(_("ชื่อกุญแจบนโทเค็น"), max_length=200, blank=True)
    pkcs11_pin_env = models.CharField(_("ตัวแปรสภาพแวดล้อมที่เก็บ PIN"), max_length=100, blank=True)
    certificate_pem = models.TextField(_("ใบรับรอง (PEM)"))
    chain_pem = models.TextField(_("ใบรับรองของผู้ออกใบรับรอง (PEM)"), blank=True)
    fingerprint = models.CharField(_("SHA-256 ของใบรับรอง"), max_length=64, unique=True)
    is_demo = models.BooleanField(
        _("ใบรับรองสาธิต (ไม่น่าเชื่อถือ)"), default=False, help_text=_("สร้างโดย make run")
    )
    is_active = models.BooleanField(_("ใช้ลงนาม"), default=True)
    installed_at = models.DateTimeField(_("ติดตั้งเมื่อ"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["province", "-installed_at"]
        verbose_name = _("ใบรับรองสำหรับลงนาม")
        verbose_name_plural = _("ใบรับรองสำหรับลงนาม")
        constraints = [
            models.CheckConstraint(
                condition=~Q(pkcs12_path="") | ~Q(pkcs11_module=""),
                name="%(app_label)s_%(class)s_has_a_key",
            ),
        ]

    def __str__(self) -> str:
        return self.holder


class RecordKind(models.TextChoices):
    MINUTES = "minutes", _("รายงานการประชุมที่รับรองแล้ว")
    PERIOD_SUMMARY = "period_summary", _("สรุปผลที่รับรองแล้วของจังหวัด")


class SignedRecordQuerySet(ScopedQuerySet):
    province_field = "province"


class SignedRecord(models.Model):
    """One version of a signed archival record. The file is stored once with its SHA-256
    and never changes: a correction is a new version naming the one it replaces."""

    public_id = models.UUIDField(_("รหัสเอกสาร"), unique=True, editable=False)
    kind = models.CharField(_("ชนิดเอกสาร"), max_length=20, choices=RecordKind.choices)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_records",
        verbose_name=_("การประชุม"),
    )
    period_approval = models.ForeignKey(
        "programs.PeriodApproval",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_records",
        verbose_name=_("การรับรองผลรายงวด"),
    )
    province = models.ForeignKey(
        "programs.Province",
        on_delete=models.PROTECT,
        related_name="signed_records",
        verbose_name=_("จังหวัด"),
    )
    version = models.PositiveSmallIntegerField(_("ฉบับที่"), default=1)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("แทนฉบับ"),
    )
    reason = models.CharField(_("เหตุที่ออกฉบับใหม่"), max_length=1000, blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("จำนวนครั้งที่จัดทำ"), default=0)
    error = models.TextField(_("ข้อผิดพลาด"), blank=True)
    file = models.FileField(_("ไฟล์"), upload_to="records/%Y/%m/", blank=True)
    size = models.PositiveBigIntegerField(_("ขนาดไฟล์ (ไบต์)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    certificate = models.ForeignKey(
        SigningCertificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("ใบรับรองที่ใช้ลงนาม"),
    )
    signature_level = models.CharField(_("ระดับลายมือชื่อ"), max_length=10, blank=True)
    decided_by_name = models.CharField(_("ผู้รับรอง"), max_length=255, blank=True)
    decided_at = models.DateTimeField(_("รับรองเมื่อ"), null=True, blank=True)
    signed_at = models.DateTimeField(_("ลงนามเมื่อ"), null=True, blank=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)

    objects = SignedRecordQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version", "-pk"]
        verbose_name = _("เอกสารลงนามอิเล็กทรอนิกส์")
        verbose_name_plural = _("เอกสารลงนามอิเล็กทรอนิกส์")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version"],
                condition=Q(meeting__isnull=False),
                name="%(app_label)s_%(class)s_one_version_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["period_approval", "version"],
                condition=Q(period_approval__isnull=False),
                name="%(app_label)s_%(class)s_one_version_per_approval",
            ),
            models.CheckConstraint(
                condition=(Q(kind="minutes") & Q(meeting__isnull=False))
                | (Q(kind="period_summary") & Q(period_approval__isnull=False)),
                name="%(app_label)s_%(class)s_names_its_subject",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(file="") & ~Q(sha256="")),
                name="%(app_label)s_%(class)s_done_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ฉบับที่ {self.version}"

    @property
    def is_done(self) -> bool:
        return self.status == ReportStatus.DONE

    @property
    def is_current(self) -> bool:
        return not SignedRecord.objects.filter(replaces=self).exists()
