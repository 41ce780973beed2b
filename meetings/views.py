"""Committees, meetings, attendance, the agenda and minutes editor, open action items,
the print view of the minutes, attachments and search.

Thin views: find the object through ``for_user`` (outside the scope → 404, a read-only
role changing → 403), validate, call a service, redirect or render. The editor's small
actions answer htmx with a partial and a plain form post with a redirect, so the editor
also works without JavaScript.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from audit.history import history_entries
from core.forms import add_service_errors
from core.query_params import id_from_query
from core.scoping import Action, can_change, scoped_object
from core.uploads import file_response
from core.views import ScopedViewMixin
from meetings import services
from meetings.filters import MeetingFilter
from meetings.forms import (
    FIELD_LABELS,
    ActionItemForm,
    ActionStatusForm,
    AgendaItemAddForm,
    AgendaItemForm,
    AmendmentForm,
    AttachmentForm,
    AttendanceMemberFormSet,
    AttendeeFormSet,
    CommitteeForm,
    CommitteeMemberFormSet,
    MeetingForm,
    SearchForm,
)
from meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaPart,
    Attachment,
    AttendanceStatus,
    Committee,
    Meeting,
    MinutesStatus,
)
from meetings.selectors import (
    committee_list,
    meeting_agenda,
    meeting_list,
    meetings_search,
    minutes_document,
    open_action_items,
    provinces_with_committees,
)
from programs.models import Province


def _refuse_read_only(user) -> None:
    if not user.can_enter_data:
        raise PermissionDenied


# --- Committees ----------------------------------------------------------------------


class CommitteeListView(LoginRequiredMixin, ListView):
    template_name = "meetings/committee_list.html"
    paginate_by = 50

    def get_queryset(self):
        return committee_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=self.request.user.can_enter_data, **kwargs)


class CommitteeDetailView(ScopedViewMixin, DetailView):
    model = Committee
    template_name = "meetings/committee_detail.html"

    def get_context_data(self, **kwargs):
        committee = self.object
        return super().get_context_data(
            members=committee.members.order_by("order", "pk"),
            meetings=committee.meetings.order_by("-year", "-number")[:50],
            can_change=can_change(self.request.user, committee),
            history=history_entries(committee),
            **kwargs,
        )


def _member_rows(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or (not data.get("id") and not data.get("position")):
            continue
        rows.append(
            {
                "id": data.get("id"),
                "name": data.get("name", ""),
                "position": data.get("position", ""),
                "role": data.get("role"),
                "delete": data.get("DELETE", False),
            }
        )
    return rows


class CommitteeFormMixin:
    template_name = "meetings/committee_form.html"
    form_class = CommitteeForm
    committee = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.committee}

    def get_formset(self):
        if self.request.method == "POST":
            return CommitteeMemberFormSet(self.request.POST, prefix="members")
        initial = []
        if self.committee is not None:
            initial = [
                {"id": m.pk, "name": m.name, "position": m.position, "role": m.role}
                for m in self.committee.members.filter(is_active=True).order_by("order", "pk")
            ]
        return CommitteeMemberFormSet(initial=initial, prefix="members")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.get_formset())
        return super().get_context_data(committee=self.committee, **kwargs)

    def form_valid(self, form):
        formset = self.get_formset()
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        provinces = form.cleaned_data.get("provinces")
        if provinces is None:
            provinces = (
                list(self.committee.provinces.all()) if self.committee
                else [self.request.user.province]
            )  # fmt: skip
        values = {
            "name": form.cleaned_data["name"],
            "provinces": provinces,
            "programs": form.cleaned_data["programs"],
            "numbering": form.cleaned_data["numbering"],
            "is_active": form.cleaned_data["is_active"],
            "members": _member_rows(formset),
        }
        try:
            if self.committee is None:
                committee = services.committee_create(**values)
            else:
                committee = services.committee_update(committee=self.committee, **values)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        messages.success(self.request, _("บันทึกคณะกรรมการแล้ว"))
        return HttpResponseRedirect(reverse("meetings:committee_detail", args=[committee.pk]))


class CommitteeCreateView(LoginRequiredMixin, CommitteeFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            _refuse_read_only(request.user)
        return super().dispatch(request, *args, **kwargs)


class CommitteeUpdateView(LoginRequiredMixin, CommitteeFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.committee = _scoped(Committee, request.user, kwargs["pk"], Action.CHANGE)
        return super().dispatch(request, *args, **kwargs)


def _scoped(model, user, pk, action=Action.VIEW):
    """The row in the user's scope: 404 if they cannot see it, 403 if they cannot change it."""
    return scoped_object(model, user, action, pk=pk)


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
        return super().get_context_data(
            filter=self.filterset,
            query=query.urlencode(),
            can_add=self.request.user.can_enter_data,
            **kwargs,
        )


class MeetingCreateView(LoginRequiredMixin, FormView):
    form_class = MeetingForm
    template_name = "meetings/meeting_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            _refuse_read_only(request.user)
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
        return meeting_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        meeting = self.object
        user = self.request.user
        changer = can_change(user, meeting)
        return super().get_context_data(
            **_editor_context(meeting, changer, user),
            attendance=meeting.attendances.order_by("order", "pk"),
            attachment_form=AttachmentForm(meeting=meeting),
            attachments=meeting.attachments.select_related("agenda_item", "uploaded_by"),
            amendments=meeting.amendments.select_related("agenda_item", "amended_by"),
            history=history_entries(meeting),
            **kwargs,
        )


def _editor_context(meeting: Meeting, changer: bool, user) -> dict:
    previous = services.meeting_previous(meeting)
    return {
        "previous": previous,
        "can_certify_previous": bool(
            changer and previous and previous.minutes_status == MinutesStatus.CHECKED
        ),
        # The recorder sees why the check and the certification are someone else's.
        "is_recorder": meeting.recorded_by_id is not None and meeting.recorded_by_id == user.pk,
        "recorded_previous": bool(previous and previous.recorded_by_id == user.pk),
        "meeting": meeting,
        "parts": meeting_agenda(meeting),
        "can_change": changer,
        "can_edit": changer and meeting.is_editable,
        "add_form": AgendaItemAddForm(),
        "action_form": ActionItemForm(),
    }


class MeetingUpdateView(LoginRequiredMixin, FormView):
    form_class = MeetingForm
    template_name = "meetings/meeting_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.meeting = _scoped(Meeting, request.user, kwargs["pk"], Action.CHANGE)
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
        self.meeting = _scoped(Meeting, request.user, kwargs["pk"], Action.CHANGE)
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


# --- Small state changes (POST only) ---------------------------------------------------


class ObjectActionView(LoginRequiredMixin, View):
    """POST-only action on one row: scope first (404 / 403), then the method (405)."""

    model = None
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = _scoped(self.model, request.user, kwargs["pk"], Action.CHANGE)
        return super().dispatch(request, *args, **kwargs)

    def meeting(self) -> Meeting:
        raise NotImplementedError

    def back(self, anchor: str = "") -> HttpResponseRedirect:
        url = reverse("meetings:meeting_detail", args=[self.meeting().pk])
        return HttpResponseRedirect(url + (f"#{anchor}" if anchor else ""))


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


def _partial_or_back(view, request, template: str, context: dict, anchor: str = ""):
    if request.htmx:
        return render(request, template, context)
    return view.back(anchor)


class AgendaItemAddView(ObjectActionView):
    model = Meeting

    def meeting(self):
        return self.object

    def post(self, request, pk):
        form = AgendaItemAddForm(request.POST)
        meeting = self.object
        item = None
        if form.is_valid():
            try:
                item = services.agenda_item_add(meeting=meeting, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
        if not request.htmx:
            if item is None:
                messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
            return self.back(f"item-{item.pk}" if item else "")
        part = form.cleaned_data.get("part") if form.is_valid() else None
        return _render_part(request, meeting, part or AgendaPart.FOR_CONSIDERATION, form=form)


def _render_part(request, meeting: Meeting, part: int, *, form=None):
    meeting.refresh_from_db()
    changer = can_change(request.user, meeting)
    context = _editor_context(meeting, changer, request.user)
    context["part_view"] = next(p for p in context["parts"] if p.part == part)
    if form is not None and form.errors:
        context["add_form_errors"] = [m for ms in form.errors.values() for m in ms]
    return render(request, "meetings/_agenda_part.html", context)


class AgendaItemSaveView(ObjectActionView):
    """Save one agenda item's text: the editor autosaves as the officer types."""

    model = AgendaItem

    def meeting(self):
        return self.object.meeting

    def post(self, request, pk):
        item = self.object
        form = AgendaItemForm(request.POST)
        context = {"item": item, "form": form}
        if form.is_valid():
            data = dict(form.cleaned_data)
            expected = data.pop("version")
            try:
                saved = services.agenda_item_update(item=item, expected_version=expected, **data)
            except services.ConcurrentEditError as error:
                context.update(conflict=error.messages[0], newer=error.current)
            except ValidationError as error:
                context["errors"] = error.messages
            else:
                context.update(saved=True, item=saved)
        else:
            context["errors"] = [m for ms in form.errors.values() for m in ms]
        if request.htmx:
            return render(request, "meetings/_save_status.html", context)
        if context.get("conflict") or context.get("errors"):
            messages.error(request, context.get("conflict") or " ".join(context["errors"]))
        return self.back(f"item-{item.pk}")


class AgendaItemMoveView(ObjectActionView):
    model = AgendaItem

    def meeting(self):
        return self.object.meeting

    def post(self, request, pk, direction):
        item = self.object
        try:
            services.agenda_item_move(item=item, direction=direction)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        if request.htmx:
            return _render_part(request, item.meeting, item.part)
        return self.back(f"item-{item.pk}")


class AgendaItemDeleteView(ObjectActionView):
    model = AgendaItem

    def meeting(self):
        return self.object.meeting

    def post(self, request, pk):
        item = self.object
        meeting, part = item.meeting, item.part
        try:
            services.agenda_item_delete(item=item)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        if request.htmx:
            return _render_part(request, meeting, part)
        return self.back()


def _render_actions(request, item: AgendaItem, *, form=None):
    meeting = item.meeting
    changer = can_change(request.user, meeting)
    return render(
        request,
        "meetings/_action_items.html",
        {
            "item": item,
            "actions": item.action_items.order_by("order", "pk").prefetch_related("updates"),
            "can_edit": changer and meeting.is_editable,
            "can_change": changer,
            "action_form": form or ActionItemForm(),
            "meeting": meeting,
        },
    )


class ActionItemAddView(ObjectActionView):
    model = AgendaItem

    def meeting(self):
        return self.object.meeting

    def post(self, request, pk):
        item = self.object
        form = ActionItemForm(request.POST)
        added = False
        if form.is_valid():
            try:
                services.action_item_add(agenda_item=item, **form.cleaned_data)
                added = True
            except ValidationError as error:
                add_service_errors(form, error)
        if request.htmx:
            return _render_actions(request, item, form=None if added else form)
        if not added:
            messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        return self.back(f"item-{item.pk}")


class ActionItemMoveView(ObjectActionView):
    model = ActionItem

    def meeting(self):
        return self.object.agenda_item.meeting

    def post(self, request, pk, direction):
        action = self.object
        try:
            services.action_item_move(action_item=action, direction=direction)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        if request.htmx:
            return _render_actions(request, action.agenda_item)
        return self.back(f"item-{action.agenda_item_id}")


class ActionItemDeleteView(ObjectActionView):
    model = ActionItem

    def meeting(self):
        return self.object.agenda_item.meeting

    def post(self, request, pk):
        action = self.object
        item = action.agenda_item
        try:
            services.action_item_delete(action_item=action)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        if request.htmx:
            return _render_actions(request, item)
        return self.back(f"item-{item.pk}")


class ActionItemStatusView(ObjectActionView):
    """Record progress on an action item, from the editor or the open-items page."""

    model = ActionItem

    def meeting(self):
        return self.object.agenda_item.meeting

    def post(self, request, pk):
        action = self.object
        form = ActionStatusForm(request.POST)
        if form.is_valid():
            services.action_item_set_status(
                action_item=action, updated_by=request.user, **form.cleaned_data
            )
            messages.success(request, _("บันทึกความคืบหน้าแล้ว"))
        else:
            messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        if request.htmx:
            return _render_actions(request, action.agenda_item)
        next_url = request.POST.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            return HttpResponseRedirect(next_url)
        return self.back(f"action-{action.pk}")


class AttachmentAddView(ObjectActionView):
    model = Meeting

    def meeting(self):
        return self.object

    def post(self, request, pk):
        meeting = self.object
        form = AttachmentForm(request.POST, request.FILES, meeting=meeting)
        if form.is_valid():
            item_pk = form.cleaned_data["agenda_item"]
            item = meeting.agenda_items.filter(pk=item_pk).first() if item_pk else None
            try:
                services.attachment_add(
                    meeting=meeting,
                    agenda_item=item,
                    file=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                    uploaded_by=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("แนบไฟล์แล้ว"))
        else:
            messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        return self.back("attachments")


class AttachmentDownloadView(LoginRequiredMixin, View):
    """Attachments are served only through scoping, never from MEDIA_URL."""

    def get(self, request, pk):
        attachment = _scoped(Attachment, request.user, pk)
        try:
            with attachment.file.open("rb") as handle:
                content = handle.read()  # 10 MB at most (core.uploads.MAX_BYTES)
        except FileNotFoundError:
            raise Http404 from None
        return file_response(
            content, content_type=attachment.content_type, filename=attachment.original_name
        )


class AmendmentView(LoginRequiredMixin, FormView):
    """Correct certified minutes, with a reason; the amendment and the history keep both."""

    form_class = AmendmentForm
    template_name = "meetings/amendment_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.item = _scoped(AgendaItem, request.user, kwargs["pk"], Action.CHANGE)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        field = self.request.GET.get("field", "resolution")
        field = field if field in FIELD_LABELS else "resolution"
        return {"field_name": field, "text": getattr(self.item, field)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            item=self.item,
            meeting=self.item.meeting,
            history=history_entries(self.item),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.minutes_amend(
                agenda_item=self.item,
                field_name=form.cleaned_data["field_name"],
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
                amended_by=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("บันทึกการแก้ไขรายงานการประชุมแล้ว"))
        url = reverse("meetings:meeting_detail", args=[self.item.meeting_id])
        return HttpResponseRedirect(url + f"#item-{self.item.pk}")


# --- Open action items, search ---------------------------------------------------------


class OpenActionItemsView(LoginRequiredMixin, ListView):
    """Open action items of a province, overdue first."""

    template_name = "meetings/action_item_list.html"
    paginate_by = 50

    def get_queryset(self):
        user = self.request.user
        self.provinces = provinces_with_committees(user=user)
        code = self.request.GET.get("province", "")
        if not user.is_national:
            code = user.province_id or ""
        self.province = self.provinces.filter(pk=code).first() if code else None
        return open_action_items(
            user=user, province_code=self.province.pk if self.province else None
        ).prefetch_related("updates__updated_by")

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            province=self.province,
            provinces=self.provinces if user.is_national else Province.objects.none(),
            status_form=ActionStatusForm(),
            can_update=user.can_enter_data,
            query=urlencode({"province": self.province.pk}) if self.province else "",
            **kwargs,
        )


class SearchView(LoginRequiredMixin, TemplateView):
    template_name = "meetings/search.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        results = []
        if form.is_valid() and form.cleaned_data["q"]:
            results = meetings_search(user=self.request.user, query=form.cleaned_data["q"])
        return super().get_context_data(form=form, results=results, **kwargs)
