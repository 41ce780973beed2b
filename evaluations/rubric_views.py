"""Pages where administrators build rubrics (components, criteria, tier bands), publish
them, start a new version, and import one from a file. Everyone signed in reads the
published rubrics; drafts are the administrators' alone (``Rubric.objects.for_user``).

Every change goes through a service of ``evaluations.services.rubrics``, which refuses to touch
a published rubric. A form sent from the rubric's page with a mistake is shown again on
that page, with what was typed and the error next to it.
"""

import functools
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import FormView

from core.forms import add_service_errors
from core.scoping import Action
from core.views import ImportPreviewMixin
from evaluations import rubric_import as rubric_files
from evaluations.forms import (
    ComponentForm,
    CriterionEditForm,
    CriterionForm,
    RubricFilterForm,
    RubricForm,
    RubricImportForm,
    TierBandsForm,
)
from evaluations.models import RUBRIC_FROZEN, Criterion, Rubric, RubricComponent
from evaluations.selectors import rubric_structure, rubrics_for
from evaluations.services import rubrics as services


def administrator_required(view):
    """Only administrators change rubrics; anyone else signed in is refused (403) before
    anything is looked up, so a draft's existence does not show either."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_administrator:
            raise PermissionDenied(_("เฉพาะผู้ดูแลระบบจัดการเกณฑ์การประเมินได้"))
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _rubric(request, pk) -> Rubric:
    return get_object_or_404(
        Rubric.objects.for_user(request.user, Action.VIEW).select_related("program"), pk=pk
    )


def _frozen(request, rubric: Rubric):
    """Back to a published rubric's page, saying why nothing changed."""
    messages.error(request, RUBRIC_FROZEN)
    return redirect("evaluations:rubric_detail", pk=rubric.pk)


def _report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _act(request, change, *, done: str, rubric_pk: int):
    """Run a one-click change (a service call), say how it went, back to the rubric."""
    try:
        change()
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, done)
    return redirect("evaluations:rubric_detail", pk=rubric_pk)


@require_GET
@login_required
def rubric_list(request):
    years = (
        Rubric.objects.for_user(request.user)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    form = RubricFilterForm(request.GET or None, years=list(years))
    filters = form.cleaned_data if form.is_valid() else {}
    rubrics = rubrics_for(
        user=request.user,
        program=filters.get("program"),
        fiscal_year=filters.get("fiscal_year"),
    )
    return render(request, "evaluations/rubric_list.html", {"rubrics": rubrics, "form": form})


@require_GET
@login_required
def rubric_detail(request, pk):
    return _render_detail(request, _rubric(request, pk))


def _render_detail(request, rubric: Rubric, *, bound=None, status=200):
    """The rubric's page; ``bound`` is a form sent with a mistake, keyed like the forms
    of the page ("component", "criterion-<component id>", "bands")."""
    bound = bound or {}
    components, total = rubric_structure(rubric=rubric)
    editable = request.user.is_administrator and not rubric.is_published
    context = {
        "rubric": rubric,
        "components": components,
        "total": total,
        "bands": list(rubric.bands.all()),
        "editable": editable,
        "versions": Rubric.objects.for_user(request.user).filter(
            program=rubric.program,
            fiscal_year=rubric.fiscal_year,
            entity_level=rubric.entity_level,
            club_type=rubric.club_type,
        ),
    }
    if editable:
        context["component_form"] = bound.get("component") or ComponentForm()
        context["next_component_order"] = services.next_order(rubric.components.all())
        for component in components:
            component.add_form = bound.get(f"criterion-{component.pk}") or CriterionForm(
                prefix=f"component-{component.pk}"
            )
        context["bands_form"] = bound.get("bands") or TierBandsForm(rubric=rubric)
    return TemplateResponse(request, "evaluations/rubric_detail.html", context, status=status)


@administrator_required
@require_http_methods(["GET", "POST"])
def rubric_create(request):
    form = RubricForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            rubric = services.rubric_create(**form.rubric_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("สร้างฉบับร่างของเกณฑ์แล้ว เพิ่มองค์ประกอบและประเด็นการประเมินได้เลย"))
            return redirect("evaluations:rubric_detail", pk=rubric.pk)
    return TemplateResponse(
        request,
        "evaluations/rubric_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@administrator_required
@require_POST
def rubric_component_add(request, pk):
    rubric = _rubric(request, pk)
    if rubric.is_published:
        return _frozen(request, rubric)
    form = ComponentForm(request.POST)
    if form.is_valid():
        try:
            services.rubric_component_create(rubric=rubric, title=form.cleaned_data["title"])
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("เพิ่มองค์ประกอบแล้ว"))
        return redirect("evaluations:rubric_detail", pk=rubric.pk)
    return _render_detail(request, rubric, bound={"component": form}, status=400)


def _component(request, pk) -> RubricComponent:
    return get_object_or_404(
        RubricComponent.objects.filter(rubric__in=Rubric.objects.for_user(request.user)),
        pk=pk,
    )


def _criterion(request, pk) -> Criterion:
    visible = Rubric.objects.for_user(request.user)
    return get_object_or_404(
        Criterion.objects.filter(component__rubric__in=visible).select_related(
            "component__rubric__program"
        ),
        pk=pk,
    )


@administrator_required
@require_POST
def rubric_component_delete(request, pk):
    component = _component(request, pk)
    return _act(
        request,
        lambda: services.rubric_component_delete(component=component),
        done=_("ลบองค์ประกอบ “%(title)s” แล้ว") % {"title": component.title},
        rubric_pk=component.rubric_id,
    )


@administrator_required
@require_POST
def rubric_criterion_add(request, pk):
    component = _component(request, pk)
    if component.rubric.is_published:
        return _frozen(request, component.rubric)
    form = CriterionForm(request.POST, prefix=f"component-{component.pk}")
    if form.is_valid():
        try:
            services.criterion_create(component=component, **form.cleaned_data)
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("เพิ่มประเด็นการประเมินแล้ว"))
        return redirect("evaluations:rubric_detail", pk=component.rubric_id)
    return _render_detail(
        request, component.rubric, bound={f"criterion-{component.pk}": form}, status=400
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def rubric_criterion_edit(request, pk):
    criterion = _criterion(request, pk)
    rubric = criterion.component.rubric
    if rubric.is_published:
        return _frozen(request, rubric)
    initial = {
        key: getattr(criterion, key)
        for key in ("order", "text", "max_points", "guidance", "evidence")
    }
    form = CriterionEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_update(criterion=criterion, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("บันทึกประเด็น %(code)s แล้ว") % {"code": criterion.code})
            return redirect("evaluations:rubric_detail", pk=rubric.pk)
    return TemplateResponse(
        request,
        "evaluations/rubric_criterion_form.html",
        {"form": form, "criterion": criterion, "rubric": rubric},
        status=400 if form.errors else 200,
    )


@administrator_required
@require_POST
def rubric_criterion_delete(request, pk):
    criterion = _criterion(request, pk)
    return _act(
        request,
        lambda: services.criterion_delete(criterion=criterion),
        done=_("ลบประเด็น %(code)s แล้ว") % {"code": criterion.code},
        rubric_pk=criterion.component.rubric_id,
    )


@administrator_required
@require_POST
def rubric_bands(request, pk):
    rubric = _rubric(request, pk)
    if rubric.is_published:
        return _frozen(request, rubric)
    form = TierBandsForm(request.POST, rubric=rubric)
    if form.is_valid():
        try:
            services.tier_bands_set(rubric=rubric, minimums=form.minimums())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("บันทึกช่วงคะแนนของระดับแล้ว"))
            return redirect("evaluations:rubric_detail", pk=rubric.pk)
    return _render_detail(request, rubric, bound={"bands": form}, status=400)


@administrator_required
@require_POST
def rubric_publish(request, pk):
    rubric = _rubric(request, pk)
    return _act(
        request,
        lambda: services.rubric_publish(rubric=rubric),
        done=_("ประกาศใช้เกณฑ์แล้ว ตั้งแต่นี้เกณฑ์ฉบับนี้จะแก้ไขไม่ได้"),
        rubric_pk=rubric.pk,
    )


@administrator_required
@require_POST
def rubric_new_version(request, pk):
    rubric = _rubric(request, pk)
    try:
        draft = services.rubric_new_version(rubric=rubric)
    except ValidationError as error:
        _report(request, error)
        return redirect("evaluations:rubric_detail", pk=rubric.pk)
    messages.success(
        request,
        _("สร้างฉบับที่ %(version)s เป็นฉบับร่างแล้ว แก้ไขแล้วจึงประกาศใช้") % {"version": draft.version},
    )
    return redirect("evaluations:rubric_detail", pk=draft.pk)


@administrator_required
@require_POST
def rubric_delete(request, pk):
    rubric = _rubric(request, pk)
    try:
        services.rubric_delete(rubric=rubric)
    except ValidationError as error:
        _report(request, error)
        return redirect("evaluations:rubric_detail", pk=rubric.pk)
    messages.success(request, _("ลบฉบับร่าง %(rubric)s แล้ว") % {"rubric": rubric})
    return redirect("evaluations:rubric_list")


@method_decorator(administrator_required, name="dispatch")
class RubricImportView(ImportPreviewMixin, FormView):
    """Upload → a check through the same services, rolled back: the draft it will make
    (version, components, criteria) or every problem, nothing saved → the administrator
    confirms → the new draft's page. The file is kept on the server for the retry."""

    form_class = RubricImportForm
    template_name = "evaluations/rubric_import.html"
    failed_status = 400

    def run_import(self, form, *, data, dry_run):
        return rubric_files.rubric_import(
            data=data, filename=form.kept_file.name, dry_run=dry_run, **form.rubric_fields()
        )

    def import_done(self, form, result):
        messages.success(
            self.request,
            _(
                "นำเข้า %(file)s เป็นฉบับร่างแล้ว: %(components)s องค์ประกอบ "
                "%(criteria)s ประเด็น ตรวจทานแล้วกดประกาศใช้"
            )
            % {
                "file": form.kept_file.name,
                "components": len(result.components),
                "criteria": result.criteria_count,
            },
        )
        return redirect("evaluations:rubric_detail", pk=result.rubric.pk)


rubric_import = RubricImportView.as_view()


@administrator_required
@require_GET
def rubric_import_template(request):
    buffer = io.BytesIO()
    rubric_files.rubric_import_template().save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="rubric-import-template.xlsx"'
    return response
