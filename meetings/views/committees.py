"""Committees: list, detail, create and change with their members."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from audit.history import history_entries
from core.forms import add_service_errors
from core.scoping import Action, can_change
from core.views import ScopedViewMixin
from meetings import services
from meetings.forms import (
    CommitteeForm,
    CommitteeMemberFormSet,
)
from meetings.models import (
    Committee,
)
from meetings.selectors import (
    committee_list,
)
from meetings.views.base import refuse_read_only, scoped

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
            refuse_read_only(request.user)
        return super().dispatch(request, *args, **kwargs)


class CommitteeUpdateView(LoginRequiredMixin, CommitteeFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.committee = scoped(Committee, request.user, kwargs["pk"], Action.CHANGE)
        return super().dispatch(request, *args, **kwargs)
