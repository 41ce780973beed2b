"""Kind 2: the official minutes of one meeting, in the layout of Form 11."""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.scoping import Action
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMember,
    Meeting,
    MinutesAmendment,
)
from meetings.selectors import minutes_document
from reports.kinds.base import ReportKind, history_version, registry
from reports.pdf.archival import ArchivalRecord


def _meetings(user):
    return Meeting.objects.all() if user is None else Meeting.objects.for_user(user, Action.VIEW)


@registry.register
class MeetingMinutes(ReportKind):
    key = "minutes"
    label = gettext_lazy("รายงานการประชุม")
    template_name = "reports/pdf/meeting_minutes.html"
    needs_province = False
    needs_fiscal_year = False

    def extra_form_fields(self, *, user) -> dict[str, forms.Field]:
        choices = [("", gettext_lazy("เลือกการประชุม"))]
        if user is not None:
            recent = _meetings(user).select_related("committee").order_by("-date", "-pk")[:200]
            choices += [(meeting.pk, str(meeting)) for meeting in recent]
        # An integer, not a choice: the meeting page may ask for an older meeting than the
        # list offers; clean_options checks the scope.
        return {
            "meeting": forms.IntegerField(
                label=gettext_lazy("การประชุม"), widget=forms.Select(choices=choices)
            )
        }

    def clean_options(self, raw, *, parameters, user) -> dict[str, Any]:
        try:
            meeting_id = int(raw.get("meeting") or 0)
        except (TypeError, ValueError):
            meeting_id = 0
        if not meeting_id or not _meetings(user).filter(pk=meeting_id).exists():
            raise ValidationError({"meeting": _("กรุณาเลือกการประชุมที่ท่านมีสิทธิ์ดูข้อมูล")})
        return {"meeting": meeting_id}

    def province_code(self, parameters) -> str | None:
        # The job's province (who sees a scheduled job): the committee's first province.
        committee = Committee.objects.filter(meetings=parameters["meeting"])
        return (
            committee.values_list("provinces__code", flat=True).order_by("provinces__code").first()
        )

    def title(self, parameters) -> str:
        meeting = Meeting.objects.select_related("committee").filter(pk=parameters["meeting"])
        meeting = meeting.first()
        if meeting is None:
            return str(self.label)
        return _("รายงานการประชุม %(meeting)s") % {"meeting": meeting}

    def filename(self, parameters) -> str:
        meeting = Meeting.objects.filter(pk=parameters["meeting"]).first()
        if meeting is None:
            return f"minutes-{parameters['meeting']}.pdf"
        return f"minutes-{meeting.committee_id}-{meeting.number}-{meeting.year}.pdf"

    def data_version(self, parameters) -> str:
        """Any change to what the minutes print: the meeting, its committee and seats, the
        agenda and action items (all with change history), attendance and amendments."""
        meeting = Meeting.objects.get(pk=parameters["meeting"])
        versions = history_version(
            Meeting.history.filter(id=meeting.pk),
            Committee.history.filter(id=meeting.committee_id),
            CommitteeMember.history.filter(committee_id=meeting.committee_id),
            AgendaItem.history.filter(meeting_id=meeting.pk),
            ActionItem.history.filter(agenda_item__meeting_id=meeting.pk),
        )
        # Attendance and amendments keep no history: their rows themselves.
        rows = [
            *Attendance.objects.filter(meeting=meeting).order_by("pk").values_list(),
            *MinutesAmendment.objects.filter(meeting=meeting).order_by("pk").values_list(),
        ]
        # Certified minutes are their signed record: a job made before it was signed (or
        # before an amendment's new version) is not handed out again.
        signed = meeting.signed_records.order_by("-version").values_list("pk", "sha256").first()
        return hashlib.sha256(f"{versions}|{rows!r}|{signed!r}".encode()).hexdigest()

    def build_context(self, *, parameters, user, progress) -> dict[str, Any]:
        progress(10, _("กำลังรวบรวมรายงานการประชุม"))
        meeting = _meetings(user).select_related("committee").get(pk=parameters["meeting"])
        doc = minutes_document(meeting)
        return {"title": f"{doc.heading} {doc.number_line}", "doc": doc, "meeting": meeting}

    def archival_record(self, parameters) -> ArchivalRecord | None:
        meeting = Meeting.objects.select_related("committee").get(pk=parameters["meeting"])
        if not meeting.is_certified:
            return None
        return minutes_archival_record(meeting)

    def signed_record(self, parameters):
        """Certified minutes: the current version of their signed record (asked for now
        when certification found no record to make, e.g. before signing was installed)."""
        from reports.signed_records import signed_record_for_minutes

        meeting = Meeting.objects.select_related("committee").get(pk=parameters["meeting"])
        return signed_record_for_minutes(meeting=meeting) if meeting.is_certified else None


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def minutes_record_data(meeting: Meeting) -> dict[str, Any]:
    """The certified minutes as data: what the attached JSON of the record holds."""
    provinces = list(meeting.committee.provinces.order_by("code").values("code", "name_th"))
    attendance = [
        {
            "status": line.status,
            "name": line.name or (line.member.name if line.member_id else ""),
            "position": line.position or (line.member.position if line.member_id else ""),
            "substitute_name": line.substitute_name,
            "substitute_position": line.substitute_position,
            "absence_reason": line.absence_reason,
        }
        for line in meeting.attendances.select_related("member").order_by("order", "pk")
    ]
    items = meeting.agenda_items.prefetch_related("action_items").order_by("part", "sub", "pk")
    agenda, actions = [], []
    for item in items:
        agenda.append(
            {
                "number": item.number,
                "part": item.part,
                "sub": item.sub,
                "title": item.title,
                "presenter": item.presenter,
                "discussion": item.discussion,
                "resolution": item.resolution,
            }
        )
        for action in item.action_items.all():
            actions.append(
                {
                    "agenda_item": item.number,
                    "description": action.description,
                    "responsible": action.responsible,
                    "due_date": _iso(action.due_date),
                    "status": action.status,
                }
            )
    return {
        "record": "meeting_minutes",
        "meeting": {
            "id": meeting.pk,
            "committee": meeting.committee.name,
            "provinces": provinces,
            "number": meeting.number,
            "year_be": meeting.year,
            "title": meeting.display_title,
            "date": _iso(meeting.date),
            "start_time": _iso(meeting.start_time),
            "end_time": _iso(meeting.end_time),
            "venue": meeting.venue,
            "is_online": meeting.is_online,
            "host_site": meeting.host_site,
            "chair_name": meeting.chair_name,
            "chair_position": meeting.chair_position,
            "recorder_name": meeting.recorder_name,
            "checker_name": meeting.checker_name,
            "certified_at": _iso(meeting.certified_at),
            "certified_in": str(meeting.certified_in) if meeting.certified_in_id else None,
        },
        "attendance": attendance,
        "agenda": agenda,
        "resolutions": [
            {"agenda_item": entry["number"], "resolution": entry["resolution"]}
            for entry in agenda
            if entry["resolution"]
        ],
        "action_items": actions,
        "amendments": [
            {
                "field": amendment.field_name,
                "before": amendment.before,
                "after": amendment.after,
                "reason": amendment.reason,
                "amended_at": _iso(amendment.amended_at),
            }
            for amendment in meeting.amendments.order_by("amended_at", "pk")
        ],
    }


def minutes_archival_record(meeting: Meeting) -> ArchivalRecord:
    data = minutes_record_data(meeting)
    provinces = ", ".join(p["name_th"] for p in data["meeting"]["provinces"])
    return ArchivalRecord(
        title=_("รายงานการประชุม %(meeting)s (รับรองแล้ว)") % {"meeting": meeting},
        description=_("รายงานการประชุมที่รับรองแล้ว %(committee)s ครั้งที่ %(number)s")
        % {"committee": meeting.committee.name, "number": meeting.number_label},
        province=provinces,
        publisher=meeting.committee.name,
        identifier=_("ครั้งที่ %(number)s") % {"number": meeting.number_label},
        dates=[d for d in (_iso(meeting.date), _iso(meeting.certified_at)) if d],
        keywords=[_("รายงานการประชุม"), _("รับรองแล้ว"), provinces, meeting.number_label],
        data=data,
    )
