"""Committees, their meetings and the official minutes (รายงานการประชุม, Form 11 of the
Regulation on Official Correspondence).

A meeting belongs to one committee; its province(s) are the committee's, so every row
here is scoped through ``committee → provinces``: an officer sees the committees that
include their province (several provinces for ร้อยใจรักษ์'s area sub-committee).
Writes go through ``meetings.services``; the search column ``search_text`` is kept
current there, not in signals.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import ScopedQuerySet
from thai.dates import be_year
from thai.fields import BuddhistYearField
from thai.fiscal_year import fiscal_year_of

# --- Scoping -------------------------------------------------------------------------


class CommitteeQuerySet(ScopedQuerySet):
    province_field = "provinces"

    def in_province(self, province_code: str):
        # A subquery, not a join: a committee of four provinces stays one row.
        through = self.model.provinces.through
        return self.filter(
            pk__in=through.objects.filter(province_id=province_code).values("committee_id")
        )


class CommitteeBoundQuerySet(ScopedQuerySet):
    """Rows that reach their province(s) through a committee (``committee_path``)."""

    committee_path = "committee"

    def in_province(self, province_code: str):
        committees = Committee.objects.in_province(province_code).values("pk")
        return self.filter(**{f"{self.committee_path}__in": committees})


# --- Committees ----------------------------------------------------------------------


class NumberingBasis(models.TextChoices):
    CALENDAR = "calendar", _("ปีปฏิทิน (พ.ศ.)")
    FISCAL = "fiscal", _("ปีงบประมาณ")


class Committee(models.Model):
    name = models.CharField(_("ชื่อคณะกรรมการ"), max_length=500)
    programs = models.ManyToManyField(
        "programs.Program", blank=True, related_name="committees", verbose_name=_("โครงการ")
    )
    provinces = models.ManyToManyField(
        "programs.Province",
        related_name="committees",
        verbose_name=_("จังหวัด"),
        help_text=_("คณะอนุกรรมการระดับพื้นที่อาจครอบคลุมหลายจังหวัด"),
    )
    numbering = models.CharField(
        _("นับครั้งที่ประชุมตาม"),
        max_length=10,
        choices=NumberingBasis.choices,
        default=NumberingBasis.CALENDAR,
    )
    is_active = models.BooleanField(_("ยังดำเนินการอยู่"), default=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)

    objects = CommitteeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("คณะกรรมการ")
        verbose_name_plural = _("คณะกรรมการ")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(numbering__in=[c.value for c in NumberingBasis]),
                name="%(app_label)s_%(class)s_numbering_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def meeting_year_of(self, day) -> int:
        """The BE year a meeting on ``day`` is numbered in: calendar or fiscal."""
        if self.numbering == NumberingBasis.FISCAL:
            return fiscal_year_of(day)
        return be_year(day.year)


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("ประธานกรรมการ")
    VICE_CHAIR = "vice_chair", _("รองประธานกรรมการ")
    MEMBER = "member", _("กรรมการ")
    SECRETARY = "secretary", _("กรรมการและเลขานุการ")
    ASSISTANT_SECRETARY = "assistant_secretary", _("กรรมการและผู้ช่วยเลขานุการ")


class CommitteeMemberQuerySet(CommitteeBoundQuerySet):
    pass


class CommitteeMember(models.Model):
    """A seat on the committee, held by position (the person may change)."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="members", verbose_name=_("คณะกรรมการ")
    )
    name = models.CharField(_("ชื่อ-สกุล"), max_length=255, blank=True)
    position = models.CharField(_("ตำแหน่ง"), max_length=500)
    role = models.CharField(
        _("บทบาทในคณะกรรมการ"), max_length=30, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    is_active = models.BooleanField(_("ยังเป็นกรรมการ"), default=True)

    objects = CommitteeMemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "order", "pk"]
        verbose_name = _("กรรมการ")
        verbose_name_plural = _("กรรมการ")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[c.value for c in MemberRole]),
                name="%(app_label)s_%(class)s_role_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.position}".strip()


# --- Meetings ------------------------------------------------------------------------


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    SUBMITTED = "submitted", _("ส่งตรวจแล้ว")
    CHECKED = "checked", _("ตรวจแล้ว")
    CERTIFIED = "certified", _("รับรองแล้ว")


# Minutes can be edited directly while a draft or under check; checked and certified
# minutes change only through the workflow (back to draft) or an amendment.
EDITABLE_STATUSES = {MinutesStatus.DRAFT, MinutesStatus.SUBMITTED}


# Form 11 has two signatures under the minutes: the one who wrote them and another who
# checked them. The same rule refuses the same user checking in the workflow.
CHECKER_IS_RECORDER = _("ผู้ตรวจรายงานการประชุมต้องไม่ใช่ผู้จดรายงาน ให้ผู้อื่นเป็นผู้ตรวจรายงานการประชุม")


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


class MeetingQuerySet(CommitteeBoundQuerySet):
    pass


class Meeting(models.Model):
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("คณะกรรมการ")
    )
    number = models.PositiveSmallIntegerField(_("ครั้งที่"))
    year = BuddhistYearField(_("ปี (พ.ศ.)"), help_text=_("ปีปฏิทินหรือปีงบประมาณ ตามที่คณะกรรมการกำหนด"))
    title = models.CharField(
        _("ชื่อการประชุม"),
        max_length=500,
        blank=True,
        help_text=_("เว้นว่างไว้เพื่อใช้ชื่อคณะกรรมการ"),
    )
    date = models.DateField(_("วันที่ประชุม"))
    start_time = models.TimeField(_("เริ่มประชุมเวลา"), null=True, blank=True)
    end_time = models.TimeField(_("เลิกประชุมเวลา"), null=True, blank=True)
    venue = models.CharField(_("สถานที่ประชุม"), max_length=500, blank=True)
    is_online = models.BooleanField(_("ประชุมผ่านระบบวีดิทัศน์ทางไกล"), default=False)
    host_site = models.CharField(
        _("ห้องประชุมหลัก (ต้นทาง)"),
        max_length=500,
        blank=True,
        help_text=_("สำหรับการประชุมทางไกล: สถานที่ของประธาน"),
    )
    chair_name = models.CharField(_("ประธานในที่ประชุม"), max_length=255, blank=True)
    chair_position = models.CharField(_("ตำแหน่งประธาน"), max_length=500, blank=True)
    on_behalf_of_name = models.CharField(
        _("ทำหน้าที่ประธานแทน"),
        max_length=255,
        blank=True,
        help_text=_("เมื่อประธานมอบหมายให้ผู้อื่นเป็นประธานแทน เช่น ผู้ว่าราชการจังหวัด"),
    )
    on_behalf_of_position = models.CharField(_("ตำแหน่งของผู้มอบหมาย"), max_length=500, blank=True)
    recorder_name = models.CharField(_("ผู้จดรายงานการประชุม"), max_length=255, blank=True)
    recorder_position = models.CharField(_("ตำแหน่งผู้จดรายงาน"), max_length=500, blank=True)
    checker_name = models.CharField(_("ผู้ตรวจรายงานการประชุม"), max_length=255, blank=True)
    checker_position = models.CharField(_("ตำแหน่งผู้ตรวจรายงาน"), max_length=500, blank=True)
    minutes_status = models.CharField(
        _("สถานะรายงานการประชุม"),
        max_length=20,
        choices=MinutesStatus.choices,
        default=MinutesStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("ส่งตรวจเมื่อ"), null=True, blank=True)
    # The user who sent the minutes to the checker: the recorder, who may neither check
    # them nor record their certification (separation of duties, see services).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("จดรายงานโดย"),
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ตรวจโดย"),
    )
    checked_at = models.DateTimeField(_("ตรวจเมื่อ"), null=True, blank=True)
    certified_in = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certified_meetings",
        verbose_name=_("รับรองในการประชุม"),
    )
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("บันทึกการรับรองโดย"),
    )
    certified_at = models.DateTimeField(_("รับรองเมื่อ"), null=True, blank=True)
    # Optimistic locking: a save names the version it was loaded at; a stale one is refused.
    version = models.PositiveIntegerField(_("ฉบับที่"), default=1)
    search_text = models.TextField(_("ข้อความสำหรับค้นหา"), blank=True, editable=False)
    # PostgreSQL only: to_tsvector('simple', search_text), kept by thai_search.refresh_vectors.
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("บันทึกโดย"),
    )
    created_at = models.DateTimeField(_("บันทึกเมื่อ"), auto_now_add=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "search_vector", "version"])

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("การประชุม")
        verbose_name_plural = _("การประชุม")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "number"],
                name="%(app_label)s_%(class)s_unique_number_per_year",
                violation_error_message=_("คณะกรรมการนี้มีการประชุมครั้งที่นี้ในปีนี้แล้ว"),
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="%(app_label)s_%(class)s_number_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2400), name="%(app_label)s_%(class)s_year_be"
            ),
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True)
                | models.Q(start_time__isnull=True)
                | models.Q(end_time__gt=models.F("start_time")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(minutes_status__in=[c.value for c in MinutesStatus]),
                name="%(app_label)s_%(class)s_minutes_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(minutes_status="certified")
                | models.Q(certified_in__isnull=False),
                name="%(app_label)s_%(class)s_certified_in_a_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} ครั้งที่ {self.number_label}"

    @property
    def number_label(self) -> str:
        return f"{self.number}/{self.year}"

    @property
    def display_title(self) -> str:
        return self.title or f"การประชุม{self.committee.name}"

    @property
    def is_editable(self) -> bool:
        return self.minutes_status in EDITABLE_STATUSES

    @property
    def is_certified(self) -> bool:
        return self.minutes_status == MinutesStatus.CERTIFIED

    def clean(self) -> None:
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("เวลาเลิกประชุมต้องหลังเวลาเริ่มประชุม")
        if self.is_online and not (self.host_site or self.venue):
            errors["host_site"] = _("การประชุมทางไกลต้องระบุห้องประชุมหลัก")
        if not self.is_online and not self.venue:
            errors["venue"] = _("กรุณาระบุสถานที่ประชุม")
        if self.on_behalf_of_name and not self.chair_name:
            errors["chair_name"] = _("ระบุผู้ทำหน้าที่ประธานในที่ประชุมด้วย")
        if self.checker_name and _same_name(self.checker_name, self.recorder_name):
            errors["checker_name"] = CHECKER_IS_RECORDER
        if (
            self.date
            and self.year
            and self.committee_id
            and self.committee.meeting_year_of(self.date) != self.year
        ):
            errors["year"] = _("ปีของครั้งที่ประชุมไม่ตรงกับวันที่ประชุม (%(year)s)") % {
                "year": self.committee.meeting_year_of(self.date)
            }
        if errors:
            raise ValidationError(errors)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("มาประชุม")
    SUBSTITUTE = "substitute", _("มาประชุมแทน")
    ABSENT = "absent", _("ไม่มาประชุม")
    ATTENDEE = "attendee", _("ผู้เข้าร่วมประชุม")


class AttendanceQuerySet(CommitteeBoundQuerySet):
    committee_path = "meeting__committee"


class Attendance(models.Model):
    """One line of ผู้มาประชุม / ผู้ไม่มาประชุม / ผู้เข้าร่วมประชุม.

    Members' lines name the seat (``member``); non-member attendees have no seat.
    Name and position are copied from the seat so that the minutes keep who held it.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("การประชุม")
    )
    member = models.ForeignKey(
        CommitteeMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("กรรมการ"),
    )
    status = models.CharField(_("การมาประชุม"), max_length=20, choices=AttendanceStatus.choices)
    name = models.CharField(_("ชื่อ-สกุล"), max_length=255, blank=True)
    position = models.CharField(_("ตำแหน่ง"), max_length=500, blank=True)
    substitute_name = models.CharField(_("ผู้มาประชุมแทน"), max_length=255, blank=True)
    substitute_position = models.CharField(_("ตำแหน่งผู้มาประชุมแทน"), max_length=500, blank=True)
    absence_reason = models.CharField(_("เหตุที่ไม่มาประชุม"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    objects = AttendanceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("การมาประชุม")
        verbose_name_plural = _("การมาประชุม")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                condition=models.Q(member__isnull=False),
                name="%(app_label)s_%(class)s_one_line_per_member",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[c.value for c in AttendanceStatus]),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            # Members are present, substituted or absent; attendees are not members.
            models.CheckConstraint(
                condition=(models.Q(status="attendee") & models.Q(member__isnull=True))
                | (~models.Q(status="attendee") & models.Q(member__isnull=False)),
                name="%(app_label)s_%(class)s_attendee_is_not_member",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="substitute") | ~models.Q(substitute_name=""),
                name="%(app_label)s_%(class)s_substitute_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.position}".strip()

    def clean(self) -> None:
        errors = {}
        if self.status == AttendanceStatus.SUBSTITUTE and not self.substitute_name.strip():
            errors["substitute_name"] = _("ระบุชื่อผู้มาประชุมแทน")
        if self.status == AttendanceStatus.ATTENDEE and not self.name.strip():
            errors["name"] = _("ระบุชื่อผู้เข้าร่วมประชุม")
        if (
            self.member_id
            and self.meeting_id
            and self.member.committee_id != self.meeting.committee_id
        ):
            errors["member"] = _("กรรมการนี้ไม่ได้อยู่ในคณะกรรมการของการประชุมนี้")
        if errors:
            raise ValidationError(errors)


# --- Agenda --------------------------------------------------------------------------


class AgendaPart(models.IntegerChoices):
    ANNOUNCEMENTS = 1, _("เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ")
    CERTIFY = 2, _("รับรองรายงานการประชุม")
    FOLLOW_UP = 3, _("เรื่องสืบเนื่อง")
    FOR_CONSIDERATION = 4, _("เรื่องเพื่อพิจารณา")
    OTHER = 5, _("เรื่องอื่น ๆ")


class AgendaItemQuerySet(CommitteeBoundQuerySet):
    committee_path = "meeting__committee"


class AgendaItem(models.Model):
    """ระเบียบวาระที่ ``part`` (``sub`` 0) or one of its numbered sub-items (4.1 = part 4, sub 1)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("การประชุม")
    )
    part = models.PositiveSmallIntegerField(_("ระเบียบวาระที่"), choices=AgendaPart.choices)
    sub = models.PositiveSmallIntegerField(_("ลำดับเรื่อง"), default=0)
    title = models.CharField(_("เรื่อง"), max_length=1000)
    presenter = models.CharField(_("ผู้นำเสนอ"), max_length=500, blank=True)
    discussion = models.TextField(_("สาระสำคัญ/การอภิปราย"), blank=True)
    resolution = models.TextField(_("มติที่ประชุม"), blank=True)
    # Agenda 2 of meeting n+1 certifies meeting n.
    certifies = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certifying_items",
        verbose_name=_("รับรองรายงานการประชุม"),
    )
    # Agenda 3 carries the open action items of earlier meetings.
    carried_action_item = models.ForeignKey(
        "ActionItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_into",
        verbose_name=_("ติดตามข้อสั่งการ"),
    )
    version = models.PositiveIntegerField(_("ฉบับที่"), default=1)
    search_text = models.TextField(_("ข้อความสำหรับค้นหา"), blank=True, editable=False)
    # PostgreSQL only: to_tsvector('simple', search_text), kept by thai_search.refresh_vectors.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = AgendaItemQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "search_vector", "version"])

    class Meta:
        ordering = ["meeting", "part", "sub"]
        verbose_name = _("ระเบียบวาระ")
        verbose_name_plural = _("ระเบียบวาระ")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "part", "sub"],
                name="%(app_label)s_%(class)s_unique_number",
            ),
            models.CheckConstraint(
                condition=models.Q(part__gte=1) & models.Q(part__lte=5),
                name="%(app_label)s_%(class)s_part_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        return str(self.part) if self.sub == 0 else f"{self.part}.{self.sub}"

    @property
    def is_part_heading(self) -> bool:
        return self.sub == 0


class ActionStatus(models.TextChoices):
    OPEN = "open", _("ยังไม่ดำเนินการ")
    IN_PROGRESS = "in_progress", _("อยู่ระหว่างดำเนินการ")
    DONE = "done", _("ดำเนินการแล้ว")
    DROPPED = "dropped", _("ยกเลิก")


OPEN_ACTION_STATUSES = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS]


class ActionItemQuerySet(CommitteeBoundQuerySet):
    committee_path = "agenda_item__meeting__committee"

    def still_open(self):
        return self.filter(status__in=OPEN_ACTION_STATUSES)

    def overdue_first(self, today=None):
        today = today or timezone.localdate()
        overdue = models.Case(
            models.When(due_date__lt=today, then=models.Value(0)),
            default=models.Value(1),
        )
        return self.annotate(overdue_rank=overdue).order_by(
            "overdue_rank", models.F("due_date").asc(nulls_last=True), "pk"
        )


class ActionItem(models.Model):
    """A directive (ข้อสั่งการ) or action raised under an agenda item."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="action_items",
        verbose_name=_("ระเบียบวาระ"),
    )
    description = models.TextField(_("ข้อสั่งการ/สิ่งที่ต้องดำเนินการ"))
    responsible = models.CharField(_("ผู้รับผิดชอบ"), max_length=500)
    due_date = models.DateField(_("กำหนดเสร็จ"), null=True, blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    search_text = models.TextField(_("ข้อความสำหรับค้นหา"), blank=True, editable=False)
    # PostgreSQL only: to_tsvector('simple', search_text), kept by thai_search.refresh_vectors.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("บันทึกเมื่อ"), auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "search_vector"])

    class Meta:
        ordering = ["agenda_item", "order", "pk"]
        verbose_name = _("ข้อสั่งการ")
        verbose_name_plural = _("ข้อสั่งการ")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[c.value for c in ActionStatus]),
                name="%(app_label)s_%(class)s_status_valid",
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    @property
    def is_overdue(self) -> bool:
        return bool(self.is_open and self.due_date and self.due_date < timezone.localdate())


class ActionItemUpdateQuerySet(CommitteeBoundQuerySet):
    committee_path = "action_item__agenda_item__meeting__committee"


class ActionItemUpdate(models.Model):
    """A progress report on an action item: who, when, what status, what was done."""

    action_item = models.ForeignKey(
        ActionItem, on_delete=models.CASCADE, related_name="updates", verbose_name=_("ข้อสั่งการ")
    )
    status = models.CharField(_("สถานะ"), max_length=20, choices=ActionStatus.choices)
    note = models.TextField(_("ความคืบหน้า"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("โดย")
    )
    updated_at = models.DateTimeField(_("เมื่อ"), default=timezone.now)

    objects = ActionItemUpdateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["action_item", "-updated_at", "-pk"]
        verbose_name = _("ความคืบหน้าข้อสั่งการ")
        verbose_name_plural = _("ความคืบหน้าข้อสั่งการ")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.note[:50]}"


# --- Attachments and amendments ------------------------------------------------------


class AttachmentQuerySet(CommitteeBoundQuerySet):
    committee_path = "meeting__committee"


class Attachment(models.Model):
    """A file on a meeting or one of its agenda items; checked from its bytes on upload
    (``core.uploads``) and downloaded only through a scoped view."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("การประชุม")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("ระเบียบวาระ"),
    )
    file = models.FileField(_("ไฟล์"), upload_to="meeting-attachments/%Y/%m/")
    original_name = models.CharField(_("ชื่อไฟล์"), max_length=255)
    content_type = models.CharField(_("ชนิดไฟล์"), max_length=100)
    size = models.PositiveIntegerField(_("ขนาด (ไบต์)"))
    description = models.CharField(_("คำอธิบาย"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ผู้แนบ")
    )
    uploaded_at = models.DateTimeField(_("แนบเมื่อ"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "uploaded_at", "pk"]
        verbose_name = _("ไฟล์แนบการประชุม")
        verbose_name_plural = _("ไฟล์แนบการประชุม")

    def __str__(self) -> str:
        return self.original_name

    def clean(self) -> None:
        if self.agenda_item_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError({"agenda_item": _("ระเบียบวาระนี้ไม่ได้อยู่ในการประชุมนี้")})


class MinutesAmendmentQuerySet(CommitteeBoundQuerySet):
    committee_path = "meeting__committee"


class MinutesAmendment(models.Model):
    """A correction to certified minutes: who, when, why, and the text before and after."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("การประชุม")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("ระเบียบวาระ"),
    )
    field_name = models.CharField(_("ส่วนที่แก้ไข"), max_length=50)
    before = models.TextField(_("ข้อความเดิม"), blank=True)
    after = models.TextField(_("ข้อความที่แก้ไข"), blank=True)
    reason = models.TextField(_("เหตุผลการแก้ไข"))
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ผู้แก้ไข"),
    )
    amended_at = models.DateTimeField(_("แก้ไขเมื่อ"), default=timezone.now)

    objects = MinutesAmendmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "-amended_at", "-pk"]
        verbose_name = _("การแก้ไขรายงานการประชุม")
        verbose_name_plural = _("การแก้ไขรายงานการประชุม")

    def __str__(self) -> str:
        return f"{self.meeting} — {self.field_name}"
