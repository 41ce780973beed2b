"""ร้อยใจรักษ์ villages: the list with its computed plan summary, a village's page,
and the officer's forms (add a village, record the vote and plan status, plan items).

Thin views: scope through ``for_user`` (outside → 404, read-only role → 403 on any
method), validate the form, call a service, redirect.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from audit.history import history_entries
from core.forms import add_service_errors
from core.scoping import Action, scoped_object
from core.views import ScopedViewMixin
from programs.filters.villages import ProgramVillageFilter
from programs.forms.villages import (
    ProgramVillageAddForm,
    ProgramVillageStatusForm,
    VillagePlanItemForm,
)
from programs.models import Program, ProgramVillage, Province, VillagePlanItem
from programs.selectors.villages import (
    plan_budget_total,
    plan_items_by_measure,
    program_village_list,
    subdistricts_for_new_village,
    village_plan_summary,
    village_programs,
    villages_to_add,
)
from programs.services.villages import (
    program_village_add,
    program_village_add_new_village,
    program_village_set_status,
    village_plan_item_create,
    village_plan_item_update,
)


class ProgramVillageListView(ScopedViewMixin, ListView):
    model = ProgramVillage
    template_name = "programs/village_list.html"
    paginate_by = 25

    def get_queryset(self):
        self.filterset = ProgramVillageFilter(
            self.request.GET or None,
            queryset=program_village_list(user=self.request.user),
            user=self.request.user,
        )
        # An invalid choice (a district of another province) is ignored, not an empty list.
        self.filterset.is_valid()
        return self.filterset.qs

    def _summary_queryset(self):
        """The villages the summary counts: the list's, whatever the plan status asked for
        (done out of all is the point of the summary)."""
        if not self.request.GET.get("plan_status"):
            return self.object_list
        data = self.request.GET.copy()
        data.pop("plan_status")
        summary_filter = ProgramVillageFilter(
            data, queryset=program_village_list(user=self.request.user), user=self.request.user
        )
        summary_filter.is_valid()
        return summary_filter.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            summary=village_plan_summary(program_villages=self._summary_queryset()),
            query=query.urlencode(),
            can_add=self.request.user.can_enter_data,
            # Name each row's program only when there is more than one to tell apart.
            show_program=village_programs().count() > 1,
        )
        return context


class ProgramVillageDetailView(ScopedViewMixin, DetailView):
    model = ProgramVillage
    template_name = "programs/village_detail.html"

    def get_queryset(self):
        return program_village_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        can_change = ProgramVillage.objects.for_user(user, Action.CHANGE).filter(pk=self.object.pk)
        context.update(
            measure_groups=plan_items_by_measure(program_village=self.object),
            budget_total=plan_budget_total(program_village=self.object),
            history=history_entries(self.object),
            can_change=can_change.exists(),
            item_form=VillagePlanItemForm(),
        )
        return context


class ChangeProgramVillageMixin(LoginRequiredMixin):
    """Finds the program village before any method runs: outside the user's scope 404,
    a read-only role 403 — for GET, POST or anything else."""

    def get_program_village_pk(self) -> int:
        return self.kwargs["pk"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.program_village = scoped_object(
            program_village_list(user=request.user),
            request.user,
            Action.CHANGE,
            pk=self.get_program_village_pk(),
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(program_village=self.program_village, **kwargs)

    def get_success_url(self) -> str:
        return reverse("programs:village_detail", args=[self.program_village.pk])


class ProgramVillageStatusView(ChangeProgramVillageMixin, FormView):
    """Record the community vote and the village plan's status."""

    form_class = ProgramVillageStatusForm
    template_name = "programs/village_status_form.html"

    def get_initial(self):
        return ProgramVillageStatusForm.initial_of(self.program_village)

    def form_valid(self, form):
        try:
            program_village_set_status(program_village=self.program_village, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("บันทึกผลประชาคมและสถานะแผนหมู่บ้านแล้ว"))
        return HttpResponseRedirect(self.get_success_url())


class VillagePlanItemCreateView(ChangeProgramVillageMixin, FormView):
    """Add an item to the village plan (the village page carries the same form)."""

    form_class = VillagePlanItemForm
    template_name = "programs/village_item_form.html"

    def form_valid(self, form):
        try:
            village_plan_item_create(program_village=self.program_village, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("เพิ่มรายการในแผนหมู่บ้านแล้ว"))
        return HttpResponseRedirect(self.get_success_url())


class VillagePlanItemUpdateView(ChangeProgramVillageMixin, FormView):
    form_class = VillagePlanItemForm
    template_name = "programs/village_item_form.html"

    def get_program_village_pk(self) -> int:
        # The item is looked up in scope; another province's item is a 404 like its village.
        visible = VillagePlanItem.objects.for_user(self.request.user, Action.VIEW)
        self.plan_item = get_object_or_404(visible, pk=self.kwargs["pk"])
        return self.plan_item.program_village_id

    def get_initial(self):
        item = self.plan_item
        return {
            "measure": item.measure,
            "title": item.title,
            "budget": item.budget,
            "status": item.status,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            plan_item=self.plan_item, history=history_entries(self.plan_item), **kwargs
        )

    def form_valid(self, form):
        try:
            village_plan_item_update(plan_item=self.plan_item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("แก้ไขรายการในแผนหมู่บ้านแล้ว"))
        return HttpResponseRedirect(self.get_success_url())


class ProgramVillageAddView(LoginRequiredMixin, FormView):
    """Put a village of the officer's province into a program, entering it if it is new.

    The province is the officer's own; an administrator picks it first (``?province=``).
    """

    form_class = ProgramVillageAddForm
    template_name = "programs/village_add_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.can_enter_data:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_province_code(self) -> str | None:
        user = self.request.user
        if not user.is_administrator:
            return user.province_id
        code = self.request.POST.get("province") or self.request.GET.get("province")
        return code if code and Province.objects.filter(pk=code).exists() else None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user, province_code = self.request.user, self.get_province_code()
        programs = Program.objects.active().order_by("pk")
        if province_code:
            programs = programs.operating_in(province_code)
        kwargs.update(
            programs=programs,
            villages=villages_to_add(user=user, province_code=province_code),
            subdistricts=subdistricts_for_new_village(user=user, province_code=province_code),
            village_programs_ids=list(village_programs().values_list("pk", flat=True)),
        )
        if "program" in self.request.GET:
            kwargs.setdefault("initial", {})["program"] = self.request.GET["program"]
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.is_administrator:
            context["provinces"] = Province.objects.order_by("code")
        context["province_code"] = self.get_province_code()
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        common = {"program": data["program"], "joined_fiscal_year": data["joined_fiscal_year"]}
        try:
            if data["village"]:
                program_village = program_village_add(village=data["village"], **common)
            else:
                program_village = program_village_add_new_village(
                    subdistrict=data["subdistrict"],
                    number=data["number"],
                    name_th=data["name_th"],
                    **common,
                )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("เพิ่ม%(village)sเข้า%(program)sแล้ว")
            % {"village": program_village.village, "program": data["program"]},
        )
        return HttpResponseRedirect(reverse("programs:village_detail", args=[program_village.pk]))
