"""The backups of this machine: the row is the truth about a backup being made."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BackupStatus(models.TextChoices):
    QUEUED = "queued", _("รอคิว")
    RUNNING = "running", _("กำลังสำรอง")
    DONE = "done", _("เสร็จแล้ว")
    FAILED = "failed", _("ไม่สำเร็จ")


class BackupOrigin(models.TextChoices):
    SCHEDULED = "scheduled", _("ตามกำหนดประจำวัน")
    WEB = "web", _("สั่งจากหน้าเว็บ")
    COMMAND = "command", _("คำสั่ง manage.py backup")


class BackupJob(models.Model):
    origin = models.CharField(_("ที่มา"), max_length=10, choices=BackupOrigin.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผู้สั่ง"),
    )
    # Set for the daily backup only: one a day, however often beat fires.
    scheduled_for = models.DateField(_("สำรองประจำวันที่"), null=True, blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=BackupStatus.choices, default=BackupStatus.QUEUED
    )
    name = models.CharField(_("ชื่อไฟล์สำรอง"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("ขนาด (ไบต์)"), null=True, blank=True)
    row_count = models.PositiveBigIntegerField(_("จำนวนแถว"), null=True, blank=True)
    file_count = models.PositiveIntegerField(_("จำนวนไฟล์"), null=True, blank=True)
    missing_files = models.PositiveIntegerField(_("ไฟล์ที่หาไม่พบ"), default=0)
    error = models.TextField(_("ข้อผิดพลาด"), blank=True)
    requested_at = models.DateTimeField(_("สั่งเมื่อ"), auto_now_add=True)
    started_at = models.DateTimeField(_("เริ่มเมื่อ"), null=True, blank=True)
    finished_at = models.DateTimeField(_("เสร็จเมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("การสำรองข้อมูล")
        verbose_name_plural = _("การสำรองข้อมูล")
        constraints = [
            models.UniqueConstraint(
                fields=["scheduled_for"],
                condition=Q(scheduled_for__isnull=False),
                name="%(app_label)s_%(class)s_one_scheduled_per_day",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(name=""),
                name="%(app_label)s_%(class)s_done_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.pk} ({self.status})"

    @property
    def in_progress(self) -> bool:
        return self.status in (BackupStatus.QUEUED, BackupStatus.RUNNING)
