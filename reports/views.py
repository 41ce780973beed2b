"""Report pages: request, progress (polled with htmx), my reports, download."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.generic import DetailView, FormView, ListView, View

from core.scoping import Action
from core.uploads import file_response
from reports import selectors, services
from reports.forms import ReportRequestForm
from reports.models import ReportStatus, SignedRecord


class ReportJobListView(LoginRequiredMixin, ListView):
    template_name = "reports/reportjob_list.html"
    paginate_by = 25

    def get_queryset(self):
        return selectors.report_job_list(user=self.request.user)


class ReportRequestView(LoginRequiredMixin, FormView):
    template_name = "reports/reportjob_form.html"
    form_class = ReportRequestForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_evaluator:
            raise PermissionDenied  # an evaluator reads sites, not provinces
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"kind": self.request.GET.get("kind", "provincial_summary")}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "font_missing": services.font_missing_message(),
        }

    def form_valid(self, form):
        try:
            job = services.report_request(
                kind=form.cleaned_data["kind"],
                parameters=form.raw_parameters(),
                user=self.request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        return redirect("reports:job_detail", pk=job.pk)


class ReportJobDetailView(LoginRequiredMixin, DetailView):
    template_name = "reports/reportjob_detail.html"
    context_object_name = "job"

    def get_object(self, queryset=None):
        return selectors.report_job_detail(user=self.request.user, pk=self.kwargs["pk"])


class ReportJobProgressView(ReportJobDetailView):
    """The small partial the job page polls until the job is finished."""

    template_name = "reports/_reportjob_progress.html"


class ReportJobDownloadView(LoginRequiredMixin, View):
    def get(self, request, *args, **kwargs):
        job = selectors.report_job_detail(user=request.user, pk=kwargs["pk"])
        return pdf_response(job)


def pdf_response(job) -> HttpResponse:
    """A finished job's PDF as a sandboxed attachment (the page and the API); 404 until
    it is done."""
    if job.status != ReportStatus.DONE or not job.file:
        raise Http404
    spec = job.kind_spec
    filename = spec.filename(job.parameters) if spec else f"report-{job.pk}.pdf"
    # Streamed from the storage through this view, after the scoping check that found
    # ``job`` — from a folder or an object store alike. Never a redirect to a presigned
    # URL: the bucket stays private and unreachable from browsers, and a link copied or
    # left in a history would open the file without a session for its whole lifetime.
    return file_response(job.file.open("rb"), content_type="application/pdf", filename=filename)


class SignedRecordDownloadView(LoginRequiredMixin, View):
    """A signed record's file, exactly as stored and signed (scoped by province)."""

    def get(self, request, *args, **kwargs):
        record = (
            SignedRecord.objects.for_user(request.user, Action.VIEW)
            .filter(pk=kwargs["pk"], status=ReportStatus.DONE)
            .first()
        )
        if record is None or not record.file:
            raise Http404
        return file_response(
            record.file.open("rb"),
            content_type="application/pdf",
            filename=record.file.name.rsplit("/", 1)[-1],
        )
