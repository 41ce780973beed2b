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
        return hashlib.sha256(f"{versions}|{rows!r}".encode()).hexdigest()

    def build_context(self, *, parameters, user, progress) -> dict[str, Any]:
        progress(10, _("กำลังรวบรวมรายงานการประชุม"))
        meeting = _meetings(user).select_related("committee").get(pk=parameters["meeting"])
        doc = minutes_document(meeting)
        return {"title": f"{doc.heading} {doc.number_line}", "doc": doc, "meeting": meeting}
