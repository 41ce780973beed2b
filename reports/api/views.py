"""The reports API: ask for a report, follow its job, download the PDF — as the pages do."""

import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from reports import selectors, services
from reports.api.serializers import ReportJobSerializer, ReportRequestSerializer
from reports.forms import ReportRequestForm
from reports.views import pdf_response


class RefuseEvaluators(permissions.BasePermission):
    """Evaluators read sites, not provinces: they ask for no report (as on the page)."""

    message = _("ผู้ประเมินไม่มีสิทธิ์ขอรายงานระดับจังหวัด")

    def has_permission(self, request, view):
        # Only asking for a report; a method no route takes stays 405 for everyone.
        return getattr(view, "action", None) != "create" or not request.user.is_evaluator


class PdfRenderer(renderers.BaseRenderer):
    """Lets a client send ``Accept: application/pdf`` to the download; errors stay JSON."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else json.dumps(data, default=str).encode()


@extend_schema_view(
    list=extend_schema(summary="รายงานของฉัน (และรายงานประจำเดือนของจังหวัด)"),
    retrieve=extend_schema(summary="สถานะงานจัดทำรายงาน"),
)
class ReportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Another user's job answers 404, as on the pages."""

    serializer_class = ReportJobSerializer
    permission_classes = [permissions.IsAuthenticated, RefuseEvaluators]
    # ``parameters`` is an object, which a form cannot carry: a request is JSON. (The
    # pages ask for reports through their own form, not through the API.)
    parser_classes = [JSONParser]
    filterset_fields = ["kind", "status"]

    def get_queryset(self):
        return selectors.report_job_list(user=self.request.user)

    @extend_schema(
        summary="ขอรายงาน PDF",
        request=ReportRequestSerializer,
        responses={201: ReportJobSerializer, 200: ReportJobSerializer},
        description=("คืนงานใหม่ (201) หรือ งานเดิมที่ยังจัดทำอยู่/รายงานที่จัดทำไว้แล้วซึ่งข้อมูลไม่เปลี่ยน (200)"),
    )
    def create(self, request, *args, **kwargs):
        given = ReportRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        kind = given.validated_data["kind"]
        form = ReportRequestForm(
            data={**given.validated_data["parameters"], "kind": kind}, user=request.user
        )
        if not form.is_valid():
            raise ValidationError(form.errors)
        asked_at = timezone.now()
        try:
            job = services.report_request(
                kind=kind, parameters=form.raw_parameters(), user=request.user
            )
        except DjangoValidationError as error:
            form.add_service_error(error)
            raise ValidationError(form.errors) from None
        # An earlier job (pending, or done on unchanged data) is answered 200, a new row 201.
        created = job.requested_at >= asked_at
        answer = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self.get_serializer(job).data, status=answer)

    @extend_schema(
        summary="ดาวน์โหลดไฟล์ PDF",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            404: OpenApiResponse(description="ไม่ใช่งานของผู้ใช้ หรือยังจัดทำไม่เสร็จ"),
        },
    )
    @action(detail=True, renderer_classes=[renderers.JSONRenderer, PdfRenderer])
    def download(self, request, pk=None):
        return pdf_response(self.get_object())
