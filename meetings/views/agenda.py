"""Small state changes (POST only, htmx partial or redirect): agenda items, action items,
attachments, amendments of certified minutes."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from audit.history import history_entries
from core.forms import add_service_errors
from core.scoping import Action, can_change
from core.uploads import file_response
from meetings import services
from meetings.forms import (
    FIELD_LABELS,
    ActionItemForm,
    ActionReassignForm,
    ActionStatusForm,
    AgendaItemAddForm,
    AgendaItemForm,
    AmendmentForm,
    AttachmentForm,
)
from meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaPart,
    Attachment,
    Meeting,
)
from meetings.views.base import ObjectActionView, scoped, with_editor_links
from meetings.views.meetings import editor_context

# --- Small state changes (POST only) ---------------------------------------------------


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
    context = editor_context(meeting, changer, request.user)
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


def _render_actions(request, item: AgendaItem, *, form=None, reassign=None):
    """The action items of ``item``; ``reassign``: (action item id, its refused form),
    shown open with what was typed and why it was refused."""
    meeting = item.meeting
    changer = can_change(request.user, meeting)
    item.editor_actions = list(
        item.action_items.order_by("order", "pk").prefetch_related("updates")
    )
    with_editor_links([item])
    return render(
        request,
        "meetings/_action_items.html",
        {
            "item": item,
            "can_edit": changer and meeting.is_editable,
            "can_change": changer,
            "action_form": form,
            "reassign_for": reassign[0] if reassign else None,
            "reassign_form": reassign[1] if reassign else None,
            "meeting": meeting,
        },
    )


def _render_action_form(request, item: AgendaItem, form, *, status: int = 200):
    with_editor_links([item])
    standalone = not request.htmx
    template = "meetings/action_item_form.html" if standalone else "meetings/_action_form.html"
    context = {"item": item, "meeting": item.meeting, "action_form": form}
    return render(request, template, context, status=status)


class ActionItemFormView(LoginRequiredMixin, View):
    """The form that adds an action item, drawn when its panel is opened (htmx) rather
    than under every agenda item of the meeting page; without JavaScript, a page."""

    def get(self, request, pk):
        item = scoped(AgendaItem, request.user, pk, Action.CHANGE)
        if not item.meeting.is_editable:
            raise PermissionDenied
        return _render_action_form(request, item, ActionItemForm())


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
        if not added:  # what was typed comes back with the errors
            return _render_action_form(request, item, form, status=400)
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


class ActionItemStatusFormView(LoginRequiredMixin, View):
    """The form that records progress on an action item, drawn when its panel on the open
    action items page is opened (htmx) rather than for each of the page's 50 items;
    without JavaScript, a page. ``next``: where the form returns, the list as it was."""

    def get(self, request, pk):
        action = scoped(ActionItem, request.user, pk, Action.CHANGE)
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            next_url = reverse("meetings:action_item_list")
        template = "meetings/_action_status_form.html"
        if not request.htmx:
            template = "meetings/action_status_form.html"
        context = {
            "action": action,
            "key": str(action.pk),
            "form": ActionStatusForm(initial={"status": action.status}),
            "next_url": next_url,
        }
        return render(request, template, context)


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


def _render_reassign_form(request, action: ActionItem, form, *, status: int = 200):
    item = action.agenda_item
    item.editor_actions = [action]
    with_editor_links([item])
    standalone = not request.htmx
    template = (
        "meetings/action_reassign_form.html"
        if standalone
        else "meetings/_action_reassign_form.html"
    )
    context = {"action": action, "item": item, "meeting": item.meeting, "form": form}
    return render(request, template, context, status=status)


class ActionItemReassignFormView(LoginRequiredMixin, View):
    """The form that reassigns an action item, drawn when its panel is opened (htmx)
    rather than under every open action item of the meeting page; without JavaScript,
    a page."""

    def get(self, request, pk):
        action = scoped(ActionItem, request.user, pk, Action.CHANGE)
        if not action.is_open:
            raise PermissionDenied
        return _render_reassign_form(request, action, ActionReassignForm())


class ActionItemReassignView(ObjectActionView):
    """Give an action item to another responsible agency, with a reason; the officers of
    the committee's provinces are told (notifications)."""

    model = ActionItem

    def meeting(self):
        return self.object.agenda_item.meeting

    def post(self, request, pk):
        action = self.object
        form = ActionReassignForm(request.POST)
        done = False
        if form.is_valid():
            try:
                services.action_item_reassign(
                    action_item=action, reassigned_by=request.user, **form.cleaned_data
                )
                done = True
            except ValidationError as error:
                add_service_errors(form, error)
        if request.htmx:
            return _render_actions(
                request, action.agenda_item, reassign=None if done else (action.pk, form)
            )
        if not done:  # what was typed comes back with the errors
            return _render_reassign_form(request, action, form, status=400)
        messages.success(request, _("เปลี่ยนผู้รับผิดชอบแล้ว"))
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
        attachment = scoped(Attachment, request.user, pk)
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
        self.item = scoped(AgendaItem, request.user, kwargs["pk"], Action.CHANGE)
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
