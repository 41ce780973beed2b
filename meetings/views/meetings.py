"""Meetings: list, create, the meeting page, attendance, the minutes and their workflow."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView

from audit.history import history_entries
from core.forms import add_service_errors
from core.query_params import id_from_query
from core.registry import build_panels
from core.scoping import Action, can_change
from core.views import ScopedViewMixin
from meetings import services
from meetings.filters import MeetingFilter
from meetings.forms import (
    AgendaItemAddForm,
    AttachmentForm,
    AttendanceMemberFormSet,
    AttendeeFormSet,
    MeetingForm,
)
from meetings.models import (
    AttendanceStatus,
    Committee,
    Meeting,
    MinutesStatus,
)
from meetings.panels import meeting_panels
from meetings.selectors import (
    meeting_agenda,
    meeting_list,
    minutes_document,
)
from meetings.views.base import (
    ObjectActionView,
    refuse_read_only,
    scoped,
    url_of_each,
    with_editor_links,
)

# --- Meetings ------------------------------------------------------------------------


class MeetingListView(LoginRequiredMixin, ListView):
    template_name = "meetings/meeting_list.html"
    paginate_by = 25

    def get_queryset(self):
        self.filterset = MeetingFilter(
            self.request.GET or None,
            queryset=meeting_list(user=self.request.user),
            user=self.request.user,
        )
        self.filterset.is_valid()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        context = super().get_context_data(
            filter=self.filterset,
            query=query.urlencode(),
            can_add=self.request.user.can_enter_data,
            **kwargs,
        )
        detail_url = url_of_each("meetings:meeting_detail")  # reversed once, not per row
        for meeting in context["object_list"]:
            meeting.url = detail_url(meeting.pk)
        return context


class MeetingCreateView(LoginRequiredMixin, FormView):
    form_class = MeetingForm
    template_name = "meetings/meeting_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            refuse_read_only(request.user)
        return super().dispatch(request, *args, **kwargs)

    def committees(self):
        return Committee.objects.for_user(self.request.user, Action.CHANGE).filter(is_active=True)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "committees": self.committees()}

    def get_initial(self):
        initial = {}
        committee_pk = id_from_query(self.request.GET, "committee")
        if committee_pk:
            committee = self.committees().filter(pk=committee_pk).first()
            if committee:
                initial["committee"] = committee
                chair = committee.members.filter(role="chair", is_active=True).first()
                if chair:
                    initial.update(chair_name=chair.name, chair_position=chair.position)
        return initial

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            meeting = services.meeting_create(created_by=self.request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("สร้างการประชุมครั้งที่ %(number)s แล้ว") % {"number": meeting.number_label},
        )
        return HttpResponseRedirect(reverse("meetings:meeting_detail", args=[meeting.pk]))


class MeetingDetailView(ScopedViewMixin, DetailView):
    """The meeting page: its agenda; for officers while the minutes are open, the editor."""

    model = Meeting
    template_name = "meetings/meeting_detail.html"

    def get_queryset(self):
        # Not the list's prefetch of each committee's provinces: this page names none.
        return meeting_list(user=self.request.user).prefetch_related(None)

    def get_context_data(self, **kwargs):
        meeting = self.object
        user = self.request.user
        changer = can_change(user, meeting)
        editor = editor_context(meeting, changer, user)
        items = [item for part in editor["parts"] for item in part.entries]
        return super().get_context_data(
            **editor,
            attendance=meeting.attendances.order_by("order", "pk"),
            attachment_form=AttachmentForm(meeting=meeting, agenda_items=items),
            attachments=meeting.attachments.select_related("agenda_item", "uploaded_by"),
            amendments=meeting.amendments.select_related("agenda_item", "amended_by"),
            history=history_entries(meeting),
            panels=build_panels(meeting_panels, meeting=meeting, user=user),
            **kwargs,
        )


def editor_context(meeting: Meeting, changer: bool, user) -> dict:
    previous = services.meeting_previous(meeting)
    parts = meeting_agenda(meeting)
    with_editor_links(item for part in parts for item in part.entries)
    return {
        "previous": previous,
        "can_certify_previous": bool(
            changer and previous and previous.minutes_status == MinutesStatus.CHECKED
        ),
        # The recorder sees why the check and the certification are someone else's.
        "is_recorder": meeting.recorded_by_id is not None and meeting.recorded_by_id == user.pk,
        "recorded_previous": bool(previous and previous.recorded_by_id == user.pk),
        "meeting": meeting,
        "parts": parts,
        "can_change": changer,
        "can_edit": changer and meeting.is_editable,
        "add_form": AgendaItemAddForm(),
    }


class MeetingUpdateView(LoginRequiredMixin, FormView):
    form_class = MeetingForm
    template_name = "meetings/meeting_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.meeting = scoped(Meeting, request.user, kwargs["pk"], Action.CHANGE)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.meeting}

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        expected = data.pop("version") or self.meeting.version
        try:
            services.meeting_update(meeting=self.meeting, expected_version=expected, **data)
        except services.ConcurrentEditError as error:
            # Keep what this officer typed; show the newer version beside it.
            form.add_error(None, error.messages)
            return self.render_to_response(self.get_context_data(form=form, newer=error.current))
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("บันทึกข้อมูลการประชุมแล้ว"))
        return HttpResponseRedirect(reverse("meetings:meeting_detail", args=[self.meeting.pk]))


class MeetingAttendanceView(LoginRequiredMixin, TemplateView):
    """One screen: every member present, present by substitute or absent with a reason,
    and the non-member attendees."""

    template_name = "meetings/meeting_attendance.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.meeting = scoped(Meeting, request.user, kwargs["pk"], Action.CHANGE)
        members = self.meeting.committee.members.order_by("order", "pk")
        recorded = {a.member_id: a for a in self.meeting.attendances.filter(member__isnull=False)}
        self.members = [m for m in members if m.is_active or m.pk in recorded]
        self.recorded = recorded
        return super().dispatch(request, *args, **kwargs)

    def member_formset(self):
        if self.request.method == "POST":
            return AttendanceMemberFormSet(self.request.POST, prefix="members")
        initial = []
        for member in self.members:
            line = self.recorded.get(member.pk)
            initial.append(
                {
                    "member": member.pk,
                    "status": line.status if line else AttendanceStatus.PRESENT,
                    "substitute_name": line.substitute_name if line else "",
                    "substitute_position": line.substitute_position if line else "",
                    "absence_reason": line.absence_reason if line else "",
                }
            )
        return AttendanceMemberFormSet(initial=initial, prefix="members")

    def attendee_formset(self):
        if self.request.method == "POST":
            return AttendeeFormSet(self.request.POST, prefix="attendees")
        initial = [
            {"name": a.name, "position": a.position}
            for a in self.meeting.attendances.filter(status=AttendanceStatus.ATTENDEE)
        ]
        return AttendeeFormSet(initial=initial, prefix="attendees")

    def get_context_data(self, **kwargs):
        members_formset = kwargs.pop("members_formset", None) or self.member_formset()
        by_pk = {str(m.pk): m for m in self.members}  # compared as text: the POST may be junk
        rows = []
        for form in members_formset.forms:
            pk = form["member"].value()
            rows.append((by_pk.get(str(pk)), form))
        return super().get_context_data(
            meeting=self.meeting,
            members_formset=members_formset,
            rows=rows,
            attendees_formset=kwargs.pop("attendees_formset", None) or self.attendee_formset(),
            locked=not self.meeting.is_editable,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        members_formset = self.member_formset()
        attendees_formset = self.attendee_formset()
        context = {"members_formset": members_formset, "attendees_formset": attendees_formset}
        if not (members_formset.is_valid() and attendees_formset.is_valid()):
            return self.render_to_response(self.get_context_data(**context))
        by_pk = {m.pk: m for m in self.members}
        member_rows = []
        for data in members_formset.cleaned_data:
            member = by_pk.get(data["member"])
            if member is None:
                raise Http404
            member_rows.append({**data, "member": member})
        attendee_rows = [
            data
            for data in attendees_formset.cleaned_data
            if data.get("name") and not data.get("DELETE")
        ]
        try:
            services.attendance_record(
                meeting=self.meeting, members=member_rows, attendees=attendee_rows
            )
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(errors=error.messages, **context))
        messages.success(request, _("บันทึกผู้มาประชุมแล้ว"))
        return HttpResponseRedirect(reverse("meetings:meeting_detail", args=[self.meeting.pk]))


class MeetingMinutesView(ScopedViewMixin, DetailView):
    """The minutes in the layout of Form 11, ready to print (the reports issue renders
    the same template to PDF)."""

    model = Meeting
    template_name = "meetings/meeting_minutes.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(doc=minutes_document(self.object), **kwargs)


class MeetingWorkflowView(ObjectActionView):
    model = Meeting
    transition = ""

    def meeting(self):
        return self.object

    def post(self, request, pk):
        meeting = self.object
        try:
            if self.transition == "submit":
                services.meeting_submit(meeting=meeting, submitted_by=request.user)
                messages.success(request, _("ส่งรายงานการประชุมให้ผู้ตรวจแล้ว"))
            elif self.transition == "check":
                services.meeting_check(meeting=meeting, checked_by=request.user)
                messages.success(request, _("ตรวจรายงานการประชุมแล้ว รอการรับรองในการประชุมครั้งถัดไป"))
            elif self.transition == "return":
                services.meeting_return_to_draft(meeting=meeting)
                messages.success(request, _("ส่งรายงานการประชุมกลับเป็นร่างแล้ว"))
            elif self.transition == "certify":
                previous = services.meeting_previous(meeting)
                if previous is None:
                    raise ValidationError(_("ไม่มีการประชุมครั้งก่อนให้รับรอง"))
                services.meeting_certify(
                    meeting=previous, certifying_meeting=meeting, certified_by=request.user
                )
                messages.success(
                    request,
                    _("รับรองรายงานการประชุมครั้งที่ %(number)s แล้ว") % {"number": previous.number_label},
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return self.back()
