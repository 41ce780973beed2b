"""Results frameworks: a program's framework per fiscal year, an indicator's page and
forms, the results-entry table per program and period, the results import and the
evidence attachments.

Thin views: scope through ``for_user`` (outside → 404, read-only role → 403 on any
method), validate, call a service, redirect.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from audit.history import history_entries
from core.forms import add_service_errors
from core.query_params import id_from_query
from core.scoping import Action, scoped_object
from core.uploads import file_response
from core.views import ImportPreviewMixin, ScopedViewMixin
from programs.exports import export_response
from programs.forms.indicators import (
    GradeBandFormSet,
    IndicatorForm,
    ResultAttachmentForm,
    ResultEntryFormSet,
    ResultImportForm,
)
from programs.imports.indicator_results import COLUMNS, indicator_results_import, template_rows
from programs.indicator_status import grade_of, period_target
from programs.models import (
    ApprovalState,
    Indicator,
    IndicatorAttachment,
    IndicatorResult,
    IndicatorStatus,
    Objective,
    PeriodApproval,
    Program,
    Province,
)
from programs.selectors.indicators import (
    ReportingPeriod,
    chosen_province,
    current_period,
    entry_frequencies,
    entry_indicators,
    framework_indicators,
    framework_objectives,
    frequencies_of,
    indicator_results,
    latest_results,
    period_of,
    period_results,
    periods_of,
    program_fiscal_years,
    province_choices,
)
from programs.services.approvals import PeriodKey, entry_refusal, period_approval_of
from programs.services.indicators import (
    ResultRowsInvalid,
    SaveOutcome,
    indicator_attachment_add,
    indicator_results_save,
    indicator_save,
)
from programs.views.approvals import approval_url
from thai.fiscal_year import current_fiscal_year


class DataEntryRequiredMixin(LoginRequiredMixin):
    """Pages that only create or change: read-only roles get 403 whatever the method."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.can_enter_data:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ChangeObjectMixin(LoginRequiredMixin):
    """Finds the object before any method runs: outside the user's view scope 404,
    inside it but outside the change scope (a read-only role, a shared row) 403."""

    model = None

    def get_lookup_queryset(self):
        return self.model.objects.for_user(self.request.user, Action.VIEW)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = scoped_object(
            self.get_lookup_queryset(), request.user, Action.CHANGE, pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)


def _status_rows(indicators, latest) -> list[dict]:
    rows = []
    for indicator in indicators:
        result = latest.get(indicator.pk)
        rows.append(
            {
                "indicator": indicator,
                "result": result,
                "period": period_of(indicator.frequency, result.period) if result else None,
                "grade": grade_of(indicator, result.value) if result else "",
            }
        )
    return rows


def _status_counts(rows) -> list[tuple[str, str, int]]:
    counts = {status: 0 for status in IndicatorStatus.values}
    for row in rows:
        counts[row["result"].status if row["result"] else IndicatorStatus.NO_DATA] += 1
    return [(value, IndicatorStatus(value).label, count) for value, count in counts.items()]


# --- Framework ----------------------------------------------------------------------------


class FrameworkDetailView(LoginRequiredMixin, TemplateView):
    """A program's objectives → indicators for one fiscal year, with the latest result
    and its status for the user's province (national users choose a province)."""

    template_name = "programs/framework_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # Programs and their frameworks are reference data every signed-in user reads.
        program = get_object_or_404(Program, slug=kwargs["slug"])
        fiscal_year = kwargs["fiscal_year"]
        province = chosen_province(user=user, code=self.request.GET.get("province"))
        indicators = list(
            framework_indicators(
                user=user, program=program, fiscal_year=fiscal_year, province=province
            )
        )
        latest = latest_results(user=user, indicators=indicators, province=province)
        rows = _status_rows(indicators, latest)
        objectives = [
            {
                "objective": objective,
                "rows": [r for r in rows if r["indicator"].objective_id == objective.pk],
            }
            for objective in framework_objectives(program=program, fiscal_year=fiscal_year)
        ]
        years = program_fiscal_years(program=program)
        if fiscal_year not in years:
            years = sorted({*years, fiscal_year}, reverse=True)
        frequencies = frequencies_of(indicators)
        entry_period = current_period(frequencies[0], fiscal_year) if frequencies else None
        province_query = (
            "?" + urlencode({"province": province.pk})
            if province is not None and user.is_national
            else ""
        )
        context.update(
            program=program,
            fiscal_year=fiscal_year,
            fiscal_years=years,
            province=province,
            provinces=province_choices(user=user) if user.is_national else None,
            objectives=objectives,
            indicator_count=len(indicators),
            status_counts=_status_counts(rows),
            entry_period=entry_period,
            province_query=province_query,
            can_enter=user.can_enter_data and province is not None,
            can_add_indicator=user.can_enter_data,
        )
        return context


# --- Indicator ------------------------------------------------------------------------------


class IndicatorDetailView(ScopedViewMixin, DetailView):
    model = Indicator
    template_name = "programs/indicator_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("objective__program", "province", "lead_agency")
            .prefetch_related("co_agencies", "grade_bands")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        indicator = self.object
        if indicator.province_id:
            province = indicator.province if not user.is_evaluator else None
        else:
            province = chosen_province(user=user, code=self.request.GET.get("province"))
        results = list(indicator_results(user=user, indicator=indicator, province=province))
        can_change_results = (
            province is not None
            and Province.objects.for_user(user, Action.CHANGE).filter(pk=province.pk).exists()
        )
        approvals = (
            {
                approval.period: approval
                for approval in PeriodApproval.objects.filter(
                    program=indicator.objective.program, province=province,
                    fiscal_year=indicator.fiscal_year, frequency=indicator.frequency,
                ).select_related("approved_by", "decided_by")
            }
            if province is not None
            else {}
        )  # fmt: skip
        rows = []
        for result in results:
            target, upper = period_target(indicator, result.period)
            period = period_of(indicator.frequency, result.period)
            key = PeriodKey(
                indicator.objective.program, province, indicator.fiscal_year,
                indicator.frequency, result.period,
            )  # fmt: skip
            rows.append(
                {
                    "result": result,
                    "period": period,
                    "target": target,
                    "target_max": upper,
                    "grade": grade_of(indicator, result.value),
                    "history": history_entries(result, limit=10),
                    # The sign-off of the result's period: state, the last decision and
                    # why, and the page with every transition.
                    "approval": approvals.get(result.period),
                    "approval_url": approval_url("period_approval", key, period),
                }
            )
        period_targets = (
            [
                {"period": period, "target": period_target(indicator, period.number)[0]}
                for period in periods_of(indicator.frequency)
            ]
            if indicator.is_cumulative
            else []
        )
        context.update(
            province=province,
            provinces=province_choices(user=user)
            if user.is_national and not indicator.province_id
            else None,
            rows=rows,
            period_targets=period_targets,
            history=history_entries(indicator),
            can_change=Indicator.objects.for_user(user, Action.CHANGE)
            .filter(pk=indicator.pk)
            .exists(),
            can_change_results=can_change_results,
            attachment_form=ResultAttachmentForm() if can_change_results else None,
            entry_period=current_period(indicator.frequency, indicator.fiscal_year),
        )
        return context


class IndicatorFormMixin:
    template_name = "programs/indicator_form.html"

    def render_form(self, form, grade_bands, status=200):
        return render(
            self.request,
            self.template_name,
            {"form": form, "grade_bands": grade_bands, "object": getattr(self, "object", None)},
            status=status,
        )

    def save(self, form, grade_bands):
        if not (form.is_valid() and grade_bands.is_valid()):
            return self.render_form(form, grade_bands)
        indicator = form.save(commit=False)
        if not self.request.user.is_administrator:
            indicator.province_id = self.request.user.province_id
        try:
            indicator = indicator_save(
                indicator=indicator,
                co_agencies=form.cleaned_data.get("co_agencies"),
                grade_bands=grade_bands,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(form, grade_bands)
        messages.success(self.request, _("บันทึกตัวชี้วัด %(code)s แล้ว") % {"code": indicator.code})
        return HttpResponseRedirect(reverse("programs:indicator_detail", args=[indicator.pk]))


class IndicatorCreateView(DataEntryRequiredMixin, IndicatorFormMixin, View):
    def get(self, request):
        initial = {}
        objective = Objective.objects.filter(pk=id_from_query(request.GET, "objective")).first()
        if objective is not None:
            initial["objective"] = objective.pk
        form = IndicatorForm(user=request.user, initial=initial)
        return self.render_form(form, GradeBandFormSet(prefix="bands"))

    def post(self, request):
        form = IndicatorForm(request.POST, user=request.user)
        grade_bands = GradeBandFormSet(request.POST, prefix="bands")
        return self.save(form, grade_bands)


class IndicatorUpdateView(ChangeObjectMixin, IndicatorFormMixin, View):
    model = Indicator

    def get(self, request, pk):
        form = IndicatorForm(instance=self.object, user=request.user)
        return self.render_form(form, GradeBandFormSet(instance=self.object, prefix="bands"))

    def post(self, request, pk):
        form = IndicatorForm(request.POST, instance=self.object, user=request.user)
        grade_bands = GradeBandFormSet(request.POST, instance=self.object, prefix="bands")
        return self.save(form, grade_bands)


# --- Results entry: one screen per program and period ---------------------------------------


class ResultsEntryView(LoginRequiredMixin, View):
    """All indicators of a program and fiscal year reported in one period, for one
    province, in one table and one submit (all rows saved, or none)."""

    template_name = "programs/results_entry.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        user = request.user
        if user.is_evaluator:
            raise PermissionDenied  # evaluators score clubs; they read no province's results
        if request.method not in ("GET", "HEAD", "OPTIONS") and not user.can_enter_data:
            raise PermissionDenied
        self.program = get_object_or_404(Program, slug=kwargs["slug"])
        self.fiscal_year = kwargs["fiscal_year"]
        self.period = ReportingPeriod.parse(kwargs["period"])
        if self.period is None:
            raise Http404
        code = request.POST.get("province") if request.method == "POST" else None
        self.province = chosen_province(
            user=user,
            code=code or request.GET.get("province"),
            action=Action.CHANGE if request.method == "POST" else Action.VIEW,
        )
        self.can_change = (
            user.can_enter_data
            and self.province is not None
            and Province.objects.for_user(user, Action.CHANGE).filter(pk=self.province.pk).exists()
        )
        return super().dispatch(request, *args, **kwargs)

    def _indicators(self):
        if self.province is None:
            return []
        return entry_indicators(
            user=self.request.user,
            program=self.program,
            fiscal_year=self.fiscal_year,
            province=self.province,
            frequency=self.period.frequency,
        )

    def _formset(self, data=None):
        indicators = self._indicators()
        current = (
            period_results(
                user=self.request.user,
                indicators=indicators,
                province=self.province,
                period=self.period.number,
            )
            if indicators
            else {}
        )
        return ResultEntryFormSet(data, indicators=indicators, current=current, prefix="rows")

    def _key(self) -> PeriodKey | None:
        if self.province is None:
            return None
        return PeriodKey(
            self.program, self.province, self.fiscal_year, self.period.frequency,
            self.period.number,
        )  # fmt: skip

    def _render(self, formset, status=200):
        user = self.request.user
        key = self._key()
        approval = period_approval_of(key) if key else None
        refusal = entry_refusal(key) if key and self.can_change else None
        returned = (approval.returned_items if approval else {}) or {}
        rows = []
        for form in formset.forms:
            if formset.is_bound:
                form.mark_errors()
            indicator = form.indicator
            target, upper = period_target(indicator, self.period.number)
            rows.append({"form": form, "indicator": indicator, "current": form.current,
                         "period_target": target, "period_target_max": upper,
                         "returned_reason": returned.get(str(indicator.pk), "")})  # fmt: skip
        frequencies = entry_frequencies(
            user=user, program=self.program, fiscal_year=self.fiscal_year, province=self.province
        ) or [self.period.frequency]
        if self.period.frequency not in frequencies:
            frequencies.append(self.period.frequency)
        query = (
            "?" + urlencode({"province": self.province.pk})
            if self.province is not None and user.is_national
            else ""
        )
        period_links = [
            {
                "period": period,
                "url": reverse(
                    "programs:results_entry",
                    args=[self.program.slug, self.fiscal_year, period.token],
                )
                + query,
                "current": period == self.period,
            }
            for frequency in frequencies
            for period in periods_of(frequency)
        ]
        years = program_fiscal_years(program=self.program) or [self.fiscal_year]
        context = {
            "program": self.program,
            "fiscal_year": self.fiscal_year,
            "fiscal_years": years,
            "period": self.period,
            "period_links": period_links,
            "province": self.province,
            "provinces": province_choices(user=user) if user.is_national else None,
            "province_query": query,
            "formset": formset,
            "rows": rows,
            "can_change": self.can_change and refusal is None,
            "this_year": current_fiscal_year(),
            "approval": approval,
            "approval_state": approval.state if approval else ApprovalState.DRAFT,
            "refusal": refusal,
            "can_submit": (
                self.can_change
                and (approval is None or approval.is_editable)
                and any(row["current"] for row in rows)
            ),
            "submit_url": approval_url("period_submit", key, self.period) if key else "",
            "approval_url": approval_url("period_approval", key, self.period) if key else "",
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self._render(self._formset())

    def post(self, request, *args, **kwargs):
        if self.province is None:
            # An administrator who has not chosen a province yet: nothing to save.
            messages.error(request, _("กรุณาเลือกจังหวัดก่อนบันทึกผล"))
            return self._render(self._formset())
        if not self.can_change:
            raise PermissionDenied
        refusal = entry_refusal(self._key())
        if refusal:
            # Approved, submitted or closed: nothing is saved, and the page says why.
            messages.error(request, refusal)
            return self._render(self._formset())
        formset = self._formset(request.POST)
        if not formset.is_valid():
            return self._render(formset)
        entries = [
            form.entry(period=self.period.number, row=index)
            for index, form in enumerate(formset.forms)
            if form.has_figures
        ]
        if not entries:
            messages.info(request, _("ยังไม่ได้กรอกผลของตัวชี้วัดใด"))
            return self._render(formset)
        try:
            counts = indicator_results_save(
                entries=entries, province=self.province, entered_by=request.user
            )
        except ResultRowsInvalid as invalid:
            for index, error in invalid.errors.items():
                add_service_errors(formset.forms[index], error)
            return self._render(formset)
        messages.success(
            request,
            _(
                "บันทึกผล%(period)s ของจังหวัด%(province)s แล้ว: ใหม่ %(created)s "
                "แก้ไข %(updated)s ไม่เปลี่ยนแปลง %(unchanged)s"
            )
            % {
                "period": self.period.label,
                "province": self.province.name_th,
                "created": counts[SaveOutcome.CREATED],
                "updated": counts[SaveOutcome.UPDATED],
                "unchanged": counts[SaveOutcome.UNCHANGED],
            },
        )
        url = reverse(
            "programs:results_entry", args=[self.program.slug, self.fiscal_year, self.period.token]
        )
        if request.user.is_national:
            url += "?" + urlencode({"province": self.province.pk})
        return HttpResponseRedirect(url)


# --- Import --------------------------------------------------------------------------------


class ResultsImportView(DataEntryRequiredMixin, ImportPreviewMixin, FormView):
    """Upload → a check through the saving service, rolled back: what each row will
    create or update, and every problem by row → the officer confirms → the import,
    from the file kept on the server (never picked twice)."""

    form_class = ResultImportForm
    template_name = "programs/results_import.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "columns": list(COLUMNS.values())}

    def run_import(self, form, *, data, dry_run):
        user = self.request.user
        province = form.cleaned_data["province"] if user.is_administrator else user.province
        return indicator_results_import(data=data, province=province, user=user, dry_run=dry_run)


class ResultsImportTemplateView(LoginRequiredMixin, View):
    """An Excel file with the Thai headers and one row per indicator the user's province
    reports on this fiscal year (national users: ?province=), figures left blank."""

    def get(self, request):
        user = request.user
        province = chosen_province(user=user, code=request.GET.get("province"))
        try:
            fiscal_year = int(request.GET.get("fiscal_year") or current_fiscal_year())
        except ValueError:
            raise Http404 from None
        rows = template_rows(user=user, province=province, fiscal_year=fiscal_year)
        columns = [
            (COLUMNS["code"], lambda row: row["code"]),
            (COLUMNS["fiscal_year"], lambda row: row["fiscal_year"]),
            (COLUMNS["period"], lambda row: row["period"]),
            (COLUMNS["value"], lambda row: None),
            (COLUMNS["numerator"], lambda row: None),
            (COLUMNS["denominator"], lambda row: None),
            (COLUMNS["evidence_note"], lambda row: None),
            (COLUMNS["program"], lambda row: row["program"]),
            # Read by people, ignored by the import.
            (_("ชื่อตัวชี้วัด"), lambda row: row["name"]),
            (_("หน่วย"), lambda row: row["unit"]),
            (_("ชนิด"), lambda row: row["kind"]),
        ]
        return export_response(
            rows=rows,
            columns=columns,
            file_format="xlsx",
            filename=f"indicator-results-{fiscal_year}",
            sheet_title=_("ผลตัวชี้วัด %(year)s") % {"year": fiscal_year},
        )


# --- Evidence attachments --------------------------------------------------------------------


class ResultAttachmentAddView(ChangeObjectMixin, View):
    """Attach an evidence file to a result (POST only)."""

    model = IndicatorResult
    http_method_names = ["post"]

    def post(self, request, pk):
        result = self.object
        form = ResultAttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                indicator_attachment_add(
                    result=result, file=form.cleaned_data["file"], uploaded_by=request.user
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("แนบไฟล์หลักฐานแล้ว"))
        else:
            messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        url = reverse("programs:indicator_detail", args=[result.indicator_id])
        if request.user.is_national:
            url += "?" + urlencode({"province": result.province_id})
        return HttpResponseRedirect(url + f"#period-{result.period}")


class ResultAttachmentDownloadView(LoginRequiredMixin, View):
    """Evidence files are served only through scoping, never from MEDIA_URL."""

    def get(self, request, pk):
        attachment = get_object_or_404(
            IndicatorAttachment.objects.for_user(request.user, Action.VIEW), pk=pk
        )
        try:
            with attachment.file.open("rb") as handle:
                content = handle.read()  # evidence files are small (10 MB at most)
        except FileNotFoundError:
            raise Http404 from None
        return file_response(
            content, content_type=attachment.content_type, filename=attachment.original_name
        )
