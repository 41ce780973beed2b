"""Agencies (หน่วยงาน) of a province and the projects they run under a program.

Thin views: scope through ``for_user`` (outside → 404, read-only role → 403 on any
method), validate the form, call a service, redirect.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView

from audit.history import history_entries
from core.forms import add_service_errors
from core.query_params import id_from_query
from core.scoping import Action
from core.views import ScopedViewMixin
from programs.exports import FORMATS, export_response
from programs.filters.agencies import AgencyFilter, ProjectFilter
from programs.forms.agencies import AgencyForm, ProjectForm
from programs.models import Agency, Project
from programs.selectors.agencies import (
    agency_indicators,
    agency_list,
    agency_projects,
    project_fiscal_years,
    project_list,
    project_totals,
)
from programs.services.agencies import agency_save, project_save
from programs.views.indicators import ChangeObjectMixin, DataEntryRequiredMixin
from thai.fiscal_year import current_fiscal_year


class FilteredListMixin:
    """A list narrowed by a FilterSet in the user's scope, with the query kept for paging."""

    filterset_class = None
    paginate_by = 25

    def filtered(self, queryset):
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=queryset, **self.filterset_kwargs()
        )
        # A choice outside the user's scope is ignored rather than emptying the list.
        self.filterset.is_valid()
        return self.filterset.qs

    def filterset_kwargs(self) -> dict:
        return {"user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filterset=self.filterset,
            query=query.urlencode(),
            filtered=any(value for key, value in self.request.GET.items() if key != "page"),
            can_change=self.request.user.can_enter_data,
        )
        return context


# --- Agencies ---------------------------------------------------------------------------


class AgencyListView(ScopedViewMixin, FilteredListMixin, ListView):
    model = Agency
    filterset_class = AgencyFilter
    template_name = "programs/agency_list.html"

    def get_queryset(self):
        return self.filtered(agency_list(user=self.request.user))


class AgencyDetailView(ScopedViewMixin, DetailView):
    model = Agency
    template_name = "programs/agency_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("province")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        projects = agency_projects(user=user, agency=self.object)
        context.update(
            projects=projects,
            totals=project_totals(projects=projects),
            indicators=agency_indicators(user=user, agency=self.object),
            history=history_entries(self.object),
            can_change=Agency.objects.for_user(user, Action.CHANGE)
            .filter(pk=self.object.pk)
            .exists(),
        )
        return context


class _FormPage:
    form_class = None
    template_name = None
    success_message = ""

    def render_form(self, form):
        context = {"form": form, "object": getattr(self, "object", None)}
        return render(self.request, self.template_name, context)

    def save(self, form, service, key):
        if not form.is_valid():
            return self.render_form(form)
        instance = form.save(commit=False)
        if not self.request.user.is_administrator:
            instance.province_id = self.request.user.province_id
        try:
            instance = service(**{key: instance})
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(form)
        messages.success(self.request, str(self.success_message) % {"name": instance})
        return HttpResponseRedirect(instance_url(instance))


def instance_url(instance) -> str:
    name = "programs:agency_detail" if isinstance(instance, Agency) else "programs:project_detail"
    return reverse(name, args=[instance.pk])


class AgencyCreateView(DataEntryRequiredMixin, _FormPage, View):
    template_name = "programs/agency_form.html"
    success_message = gettext_lazy("บันทึกหน่วยงาน %(name)s แล้ว")

    def get(self, request):
        return self.render_form(AgencyForm(user=request.user))

    def post(self, request):
        return self.save(AgencyForm(request.POST, user=request.user), agency_save, "agency")


class AgencyUpdateView(ChangeObjectMixin, _FormPage, View):
    model = Agency
    template_name = "programs/agency_form.html"
    success_message = gettext_lazy("บันทึกหน่วยงาน %(name)s แล้ว")

    def get(self, request, pk):
        return self.render_form(AgencyForm(instance=self.object, user=request.user))

    def post(self, request, pk):
        form = AgencyForm(request.POST, instance=self.object, user=request.user)
        return self.save(form, agency_save, "agency")


# --- Projects ---------------------------------------------------------------------------

EXPORT_COLUMNS = [
    (gettext_lazy("จังหวัด"), lambda p: p.province.name_th),
    (gettext_lazy("โครงการหลัก"), lambda p: str(p.program)),
    (gettext_lazy("ปีงบประมาณ"), lambda p: p.fiscal_year),
    (gettext_lazy("ชื่อโครงการ/กิจกรรม"), lambda p: p.name),
    (gettext_lazy("หน่วยงาน"), lambda p: p.agency.name),
    (gettext_lazy("ยุทธศาสตร์/ผลลัพธ์ที่สนับสนุน"), lambda p: str(p.objective or "")),
    (gettext_lazy("งบประมาณ (บาท)"), lambda p: p.budget),
    (gettext_lazy("วันเริ่ม"), lambda p: p.start_date),
    (gettext_lazy("วันสิ้นสุด"), lambda p: p.end_date),
    (gettext_lazy("สถานะ"), lambda p: p.get_status_display()),
    (gettext_lazy("ความก้าวหน้า (ร้อยละ)"), lambda p: p.progress),
]


class ProjectListView(ScopedViewMixin, FilteredListMixin, ListView):
    model = Project
    filterset_class = ProjectFilter
    template_name = "programs/project_list.html"

    def filterset_kwargs(self) -> dict:
        user = self.request.user
        return {"user": user, "fiscal_years": project_fiscal_years(user=user)}

    def get_queryset(self):
        return self.filtered(project_list(user=self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = project_totals(projects=self.object_list)
        return context


class ProjectExportView(LoginRequiredMixin, FilteredListMixin, View):
    """The project list as filtered on screen, in Excel or CSV, in the user's scope."""

    filterset_class = ProjectFilter

    def filterset_kwargs(self) -> dict:
        user = self.request.user
        return {"user": user, "fiscal_years": project_fiscal_years(user=user)}

    def get(self, request):
        file_format = request.GET.get("format", "xlsx")
        if file_format not in FORMATS:
            return HttpResponseBadRequest(_("รูปแบบไฟล์ต้องเป็น xlsx หรือ csv"))
        projects = self.filtered(project_list(user=request.user))
        stamp = timezone.localdate().strftime("%Y%m%d")
        return export_response(
            rows=projects.iterator(chunk_size=2000),
            columns=EXPORT_COLUMNS,
            file_format=file_format,
            filename=f"projects-{stamp}",
            sheet_title=_("โครงการ"),
        )


class ProjectDetailView(ScopedViewMixin, DetailView):
    model = Project
    template_name = "programs/project_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("program", "province", "agency", "objective")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            history=history_entries(self.object),
            can_change=Project.objects.for_user(self.request.user, Action.CHANGE)
            .filter(pk=self.object.pk)
            .exists(),
        )
        return context


class ProjectCreateView(DataEntryRequiredMixin, _FormPage, View):
    template_name = "programs/project_form.html"
    success_message = gettext_lazy("บันทึกโครงการ/กิจกรรม %(name)s แล้ว")

    def get(self, request):
        initial = {"fiscal_year": current_fiscal_year()}
        agency = Agency.objects.for_user(request.user).filter(
            pk=id_from_query(request.GET, "agency")
        )
        if agency.exists():
            initial["agency"] = agency.first().pk
        return self.render_form(ProjectForm(user=request.user, initial=initial))

    def post(self, request):
        return self.save(ProjectForm(request.POST, user=request.user), project_save, "project")


class ProjectUpdateView(ChangeObjectMixin, _FormPage, View):
    model = Project
    template_name = "programs/project_form.html"
    success_message = gettext_lazy("บันทึกโครงการ/กิจกรรม %(name)s แล้ว")

    def get(self, request, pk):
        return self.render_form(ProjectForm(instance=self.object, user=request.user))

    def post(self, request, pk):
        form = ProjectForm(request.POST, instance=self.object, user=request.user)
        return self.save(form, project_save, "project")
