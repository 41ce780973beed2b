"""What each lower app's signal becomes: an event for the right people of its province.

A receiver never breaks the service that sent the signal: it works in a savepoint and
logs what failed (the change the user made stands; the message is lost, not the form).
"""

import functools
import logging

from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from evaluations.signals import visit_scheduled
from meetings.signals import action_item_reassigned, minutes_status_changed
from notifications.models import Event, Kind
from notifications.services import OFFICERS, PROVINCE_READERS, event_raise, province_users
from programs.models import ApprovalState
from programs.selectors.indicators import period_of
from programs.signals import period_approval_changed
from reports.kinds import registry
from reports.signals import report_ready
from thai.dates import format_thai_date, format_thai_datetime

logger = logging.getLogger(__name__)


def never_breaks_the_sender(handler):
    @functools.wraps(handler)
    def wrapped(*args, **kwargs):
        try:
            with transaction.atomic():
                handler(*args, **kwargs)
        except Exception:
            logger.exception("notifications: %s failed", handler.__name__)

    return wrapped


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


# --- Meetings -----------------------------------------------------------------------------


def _meeting_provinces(meeting) -> list[str]:
    return list(meeting.committee.provinces.values_list("pk", flat=True))


def _meeting_title(meeting) -> str:
    return f"{meeting.committee.name} ครั้งที่ {meeting.number_label}"


MINUTES = {
    "submitted": (Kind.MINUTES_SUBMITTED, gettext_lazy("รายงานการประชุมรอตรวจ: %(meeting)s")),
    "returned": (Kind.MINUTES_RETURNED, gettext_lazy("รายงานการประชุมถูกส่งกลับให้แก้ไข: %(meeting)s")),
    "certified": (
        Kind.MINUTES_CERTIFIED,
        gettext_lazy("รายงานการประชุมได้รับการรับรองแล้ว: %(meeting)s"),
    ),
}


@receiver(minutes_status_changed)
@never_breaks_the_sender
def minutes_changed(sender, meeting, action, by=None, **kwargs):
    if action not in MINUTES:
        return
    kind, title = MINUTES[action]
    provinces = _meeting_provinces(meeting)
    officers = province_users(provinces, OFFICERS)
    for province in provinces:
        people = officers.get(province, [])
        if action == "submitted":
            people = [u for u in people if u.pk != getattr(by, "pk", None)]  # the checkers
        elif action == "returned" and meeting.recorded_by_id:
            people = [u for u in people if u.pk == meeting.recorded_by_id] or people
        event_raise(
            kind=kind,
            key=f"{kind}:{meeting.pk}:v{meeting.version}:{province}",
            province_id=province,
            recipients=people,
            title=title % {"meeting": _meeting_title(meeting)},
            body=_("ประชุมเมื่อ %(date)s%(by)s")
            % {
                "date": format_thai_date(meeting.date),
                "by": (" · " + _("โดย %(name)s") % {"name": _name(by)}) if by else "",
            },
            url=reverse("meetings:meeting_detail", args=[meeting.pk]),
        )


@receiver(action_item_reassigned)
@never_breaks_the_sender
def action_reassigned(sender, action_item, previous="", by=None, update=None, **kwargs):
    """The officers of each province of the committee follow the item for the agency now
    responsible (agencies have no accounts); the one who reassigned it knows already."""
    meeting = action_item.agenda_item.meeting
    provinces = _meeting_provinces(meeting)
    officers = province_users(provinces, OFFICERS)
    # Each reassignment is news, even back to an agency that had the item before.
    occasion = f"u{update.pk}" if update is not None else action_item.responsible[:100]
    for province in provinces:
        event_raise(
            kind=Kind.ACTION_REASSIGNED,
            key=f"action_reassigned:{action_item.pk}:{occasion}:{province}",
            province_id=province,
            recipients=[u for u in officers.get(province, []) if u.pk != getattr(by, "pk", None)],
            title=_("ข้อสั่งการเปลี่ยนผู้รับผิดชอบเป็น %(who)s: %(text)s")
            % {"who": action_item.responsible, "text": action_item.description[:120]},
            body=_("เดิม %(previous)s · %(meeting)s")
            % {"previous": previous or "-", "meeting": _meeting_title(meeting)},
            url=reverse("meetings:meeting_detail", args=[meeting.pk]) + f"#action-{action_item.pk}",
        )


# --- Indicator results --------------------------------------------------------------------


def _period_words(approval) -> str:
    return _("%(program)s %(period)s ปีงบประมาณ %(year)s") % {
        "program": approval.program.short_name or approval.program.name_th,
        "period": period_of(approval.frequency, approval.period).label,
        "year": approval.fiscal_year,
    }


@receiver(period_approval_changed)
@never_breaks_the_sender
def period_changed(sender, approval, by=None, **kwargs):
    province = approval.province_id
    url = reverse(
        "programs:period_approval",
        args=[
            approval.program.slug,
            approval.fiscal_year,
            period_of(approval.frequency, approval.period).token,
            province,
        ],
    )
    if approval.state == ApprovalState.SUBMITTED:
        kind, stamp = Kind.RESULTS_SUBMITTED, approval.submitted_at
        people = User.objects.filter(province_id=province, is_approver=True, is_active=True)
        title = _("ผลตัวชี้วัดรอการรับรอง: %(period)s")
        body = _("ส่งรับรองโดย %(name)s") % {"name": _name(by)}
    elif approval.state == ApprovalState.RETURNED:
        kind, stamp = Kind.RESULTS_RETURNED, approval.decided_at
        people = province_users([province], OFFICERS).get(province, [])
        title = _("ผลตัวชี้วัดถูกส่งกลับให้แก้ไข: %(period)s")
        body = _("เหตุผล: %(reason)s") % {"reason": approval.reason}
    elif approval.state == ApprovalState.APPROVED:
        kind, stamp = Kind.RESULTS_APPROVED, approval.approved_at
        people = province_users([province], PROVINCE_READERS).get(province, [])
        title = _("ผลตัวชี้วัดได้รับการรับรองแล้ว: %(period)s")
        body = _("รับรองโดย %(name)s") % {"name": _name(by)}
    else:
        return
    event_raise(
        kind=kind,
        key=f"{kind}:{approval.pk}:{stamp.timestamp() if stamp else 0}",
        province_id=province,
        recipients=[u for u in people if u.pk != getattr(by, "pk", None)],
        title=title % {"period": _period_words(approval)},
        body=body,
        url=url,
    )


# --- Evaluation visits --------------------------------------------------------------------


@receiver(visit_scheduled)
@never_breaks_the_sender
def visit_changed(sender, visit, **kwargs):
    """Each assigned evaluator hears of a new assignment, or of a new time or place."""
    when = int(visit.scheduled_at.timestamp())  # the same instant whatever its time zone
    for assignment in visit.assignments.select_related("evaluator"):
        evaluator = assignment.evaluator
        prefix = f"visit:{visit.pk}:{evaluator.pk}:"
        moved = Event.objects.filter(key__startswith=prefix).exists()
        title = (
            _("การตรวจเยี่ยมเปลี่ยนวันเวลาหรือสถานที่: %(place)s")
            if moved
            else _("ท่านได้รับมอบหมายให้ตรวจเยี่ยม: %(place)s")
        )
        event_raise(
            kind=Kind.VISIT_SCHEDULED,
            key=f"{prefix}{when}:{visit.place}"[:200],
            province_id=visit.province_id,
            recipients=[evaluator],
            personal=True,  # the assignment names them; evaluators belong to no province
            title=title % {"place": visit.place},
            body=_("%(when)s · %(round)s")
            % {"when": format_thai_datetime(visit.scheduled_at), "round": visit.round.name},
            url=reverse("evaluations:visit_score", args=[visit.pk]),
        )


# --- Reports ------------------------------------------------------------------------------


def _kind_label(kind: str) -> str:
    return str(dict(registry.choices()).get(kind, kind))


@receiver(report_ready)
@never_breaks_the_sender
def report_done(sender, job, **kwargs):
    url = reverse("reports:job_detail", args=[job.pk])
    if job.requested_by_id is not None:
        event_raise(
            kind=Kind.REPORT_READY,
            key=f"report_ready:{job.pk}",
            province_id=job.province_id,
            recipients=[job.requested_by],
            personal=True,  # their own request, made for their own view
            title=_("รายงานพร้อมดาวน์โหลดแล้ว: %(kind)s") % {"kind": _kind_label(job.kind)},
            url=url,
        )
    elif job.kind == "provincial_summary" and job.province_id:
        people = province_users([job.province_id], [Role.OFFICER, Role.EXECUTIVE])
        event_raise(
            kind=Kind.MONTHLY_SUMMARY,
            key=f"monthly_summary:{job.pk}",
            province_id=job.province_id,
            recipients=people.get(job.province_id, []),
            title=_("รายงานสรุปประจำเดือนของจังหวัด%(province)s พร้อมแล้ว")
            % {"province": job.province.name_th},
            url=url,
        )
