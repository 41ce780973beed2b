"""Notifications: an event, and one outbox row per recipient and channel.

The outbox row is the truth about a message: its state, attempts, the provider's
answer and when it was sent. ``(event, recipient, channel)`` is unique, so an event
raised twice (a retried task, beat running twice) never makes a second message, and a
row is sent only by whoever holds its lock (``select_for_update``) while it is due.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ACTION_DUE = "action_due", _("ข้อสั่งการใกล้ถึงกำหนด")
    ACTION_OVERDUE = "action_overdue", _("ข้อสั่งการเลยกำหนด")
    ACTION_REASSIGNED = "action_reassigned", _("ข้อสั่งการเปลี่ยนผู้รับผิดชอบ")
    MINUTES_SUBMITTED = "minutes_submitted", _("รายงานการประชุมส่งตรวจ")
    MINUTES_RETURNED = "minutes_returned", _("รายงานการประชุมถูกส่งกลับ")
    MINUTES_CERTIFIED = "minutes_certified", _("รายงานการประชุมได้รับการรับรอง")
    RESULTS_SUBMITTED = "results_submitted", _("ผลตัวชี้วัดส่งรับรอง")
    RESULTS_RETURNED = "results_returned", _("ผลตัวชี้วัดถูกส่งกลับ")
    RESULTS_APPROVED = "results_approved", _("ผลตัวชี้วัดได้รับการรับรอง")
    VISIT_SCHEDULED = "visit_scheduled", _("การตรวจเยี่ยมที่ได้รับมอบหมายหรือเลื่อน")
    REPORT_READY = "report_ready", _("รายงานพร้อมดาวน์โหลด")
    MONTHLY_SUMMARY = "monthly_summary", _("รายงานสรุปประจำเดือนพร้อมแล้ว")


class Channel(models.TextChoices):
    PORTAL = "portal", _("ในพอร์ทัล")
    EMAIL = "email", _("อีเมล")
    LINE = "line", _("LINE")


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", _("ส่งทันที")
    DIGEST = "digest", _("สรุปรายวัน")


class State(models.TextChoices):
    PENDING = "pending", _("รอส่ง")
    DEFERRED = "deferred", _("รอพ้นช่วงงดส่ง")
    RETRY = "retry", _("รอส่งใหม่")
    DIGEST = "digest", _("รอรวมในสรุปรายวัน")
    SENT = "sent", _("ส่งแล้ว")
    FAILED = "failed", _("ส่งไม่สำเร็จ")
    SKIPPED = "skipped", _("ไม่ส่ง")


# States in which a row still waits to be sent by its channel.
WAITING = [State.PENDING, State.DEFERRED, State.RETRY]


class Event(models.Model):
    """Something a person should hear about, once: ``key`` names it (kind, object, and
    what makes it new, e.g. the due date), so raising it again finds the same row."""

    kind = models.CharField(_("ชนิด"), max_length=30, choices=Kind.choices)
    key = models.CharField(_("รหัสเหตุการณ์"), max_length=200, unique=True)
    province = models.ForeignKey(
        "programs.Province", on_delete=models.CASCADE, null=True, blank=True,
        related_name="+", verbose_name=_("จังหวัด"),
    )  # fmt: skip
    title = models.CharField(_("เรื่อง"), max_length=300)
    body = models.TextField(_("รายละเอียด"), blank=True)
    url = models.CharField(_("ลิงก์"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("เกิดเมื่อ"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("เหตุการณ์ที่แจ้งเตือน")
        verbose_name_plural = _("เหตุการณ์ที่แจ้งเตือน")

    def __str__(self) -> str:
        return self.title


class Digest(models.Model):
    """One daily digest mail of a recipient: unique per day, so a second beat run finds it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("ผู้รับ"),
    )  # fmt: skip
    channel = models.CharField(_("ช่องทาง"), max_length=10, choices=Channel.choices)
    day = models.DateField(_("วันที่"))
    state = models.CharField(
        _("สถานะ"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("จำนวนครั้งที่ส่ง"), default=0)
    provider_answer = models.TextField(_("คำตอบของผู้ให้บริการ"), blank=True)
    next_attempt_at = models.DateTimeField(_("ส่งครั้งถัดไปเมื่อ"), null=True, blank=True)
    sent_at = models.DateTimeField(_("ส่งเมื่อ"), null=True, blank=True)

    class Meta:
        verbose_name = _("สรุปรายวัน")
        verbose_name_plural = _("สรุปรายวัน")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "channel", "day"], name="%(app_label)s_%(class)s_one_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.day} ({self.channel})"


class OutboxQuerySet(models.QuerySet):
    def bell(self, user):
        return self.filter(recipient=user, channel=Channel.PORTAL, state=State.SENT)

    def unread(self, user):
        return self.bell(user).filter(read_at__isnull=True)


class Outbox(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="messages", verbose_name=_("เหตุการณ์")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
        verbose_name=_("ผู้รับ"),
    )  # fmt: skip
    channel = models.CharField(_("ช่องทาง"), max_length=10, choices=Channel.choices)
    state = models.CharField(
        _("สถานะ"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("จำนวนครั้งที่ส่ง"), default=0)
    next_attempt_at = models.DateTimeField(_("ส่งครั้งถัดไปเมื่อ"), null=True, blank=True)
    provider_answer = models.TextField(_("คำตอบของผู้ให้บริการ"), blank=True)
    # Sent as LINE's X-Line-Retry-Key: a retry of a push LINE already accepted is answered
    # 409 and not delivered again.
    retry_key = models.UUIDField(_("รหัสการส่งซ้ำ"), default=uuid.uuid4, editable=False)
    digest = models.ForeignKey(
        Digest, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages",
        verbose_name=_("สรุปรายวัน"),
    )  # fmt: skip
    sent_at = models.DateTimeField(_("ส่งเมื่อ"), null=True, blank=True)
    read_at = models.DateTimeField(_("อ่านเมื่อ"), null=True, blank=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ข้อความแจ้งเตือน")
        verbose_name_plural = _("ข้อความแจ้งเตือน")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "recipient", "channel"],
                name="%(app_label)s_%(class)s_once_per_recipient_and_channel",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=[c.value for c in State]),
                name="%(app_label)s_%(class)s_state_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="sent") | models.Q(sent_at__isnull=False),
                name="%(app_label)s_%(class)s_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "channel", "state", "read_at"]),
            models.Index(fields=["state", "next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient} ({self.channel})"


class ChannelDefault(models.Model):
    """What an administrator sets for everyone who has not chosen: per kind and channel."""

    kind = models.CharField(_("ชนิด"), max_length=30, choices=Kind.choices)
    channel = models.CharField(_("ช่องทาง"), max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(_("เปิดใช้"), default=True)
    mode = models.CharField(_("วิธีส่ง"), max_length=10, choices=Mode.choices)

    class Meta:
        verbose_name = _("ค่าเริ่มต้นการแจ้งเตือน")
        verbose_name_plural = _("ค่าเริ่มต้นการแจ้งเตือน")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "channel"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.get_channel_display()}"


class Preference(models.Model):
    """A user's own choice for a kind and channel: on or off, at once or in the digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences",
        verbose_name=_("ผู้ใช้"),
    )  # fmt: skip
    kind = models.CharField(_("ชนิด"), max_length=30, choices=Kind.choices)
    channel = models.CharField(_("ช่องทาง"), max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(_("เปิดใช้"), default=True)
    mode = models.CharField(_("วิธีส่ง"), max_length=10, choices=Mode.choices)

    class Meta:
        verbose_name = _("การตั้งค่าการแจ้งเตือน")
        verbose_name_plural = _("การตั้งค่าการแจ้งเตือน")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "channel"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} — {self.get_channel_display()}"


class LineLink(models.Model):
    """A portal account linked to a LINE user (who added the Official Account)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="line_link",
        verbose_name=_("ผู้ใช้"),
    )  # fmt: skip
    line_user_id = models.CharField(_("LINE userId"), max_length=64, unique=True)
    linked_at = models.DateTimeField(_("เชื่อมต่อเมื่อ"), auto_now_add=True)

    class Meta:
        verbose_name = _("บัญชี LINE ที่เชื่อมต่อ")
        verbose_name_plural = _("บัญชี LINE ที่เชื่อมต่อ")

    def __str__(self) -> str:
        return f"{self.user} ↔ LINE"


class LineLinkCode(models.Model):
    """A one-time code the user sends to the Official Account to link their LINE."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("ผู้ใช้"),
    )  # fmt: skip
    code = models.CharField(_("รหัส"), max_length=12, unique=True)
    expires_at = models.DateTimeField(_("หมดอายุ"))
    used_at = models.DateTimeField(_("ใช้เมื่อ"), null=True, blank=True)

    class Meta:
        verbose_name = _("รหัสเชื่อมต่อ LINE")
        verbose_name_plural = _("รหัสเชื่อมต่อ LINE")

    def __str__(self) -> str:
        return f"{self.user}: {self.code}"
