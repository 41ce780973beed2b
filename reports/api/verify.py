"""The verification API: POST a PDF, read what its signature says. No login."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from reports.verify_views import VerifyForm, verification_for_upload


class VerificationSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=["ok", "changed", "foreign", "invalid", "unsigned"])
    signed = serializers.BooleanField()
    issued_here = serializers.BooleanField()
    intact = serializers.BooleanField()
    unchanged = serializers.BooleanField()
    changes = serializers.CharField(allow_blank=True)
    signer = serializers.CharField(allow_blank=True)
    signed_at = serializers.DateTimeField(allow_null=True)
    timestamp_trusted = serializers.BooleanField()
    certificate_valid = serializers.BooleanField()
    certificate_problem = serializers.CharField(allow_blank=True)
    record = serializers.SerializerMethodField()

    def get_record(self, result) -> dict | None:
        record = result.record
        if record is None:
            return None
        return {
            "id": str(record.public_id),
            "kind": record.kind,
            "version": record.version,
            "replaces": record.replaces.version if record.replaces_id else None,
        }


class VerifyAPIView(APIView):
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="ตรวจสอบเอกสารลงลายมือชื่ออิเล็กทรอนิกส์",
        request=inline_serializer("VerifyUpload", {"file": serializers.FileField()}),
        responses={
            200: VerificationSerializer,
            400: OpenApiResponse(description="ไม่ใช่ไฟล์ PDF ไฟล์ใหญ่เกิน หรือไม่ได้แนบไฟล์"),
        },
        auth=[],
    )
    def post(self, request):
        form = VerifyForm(files=request.FILES)
        if not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        result = verification_for_upload(form.cleaned_data["file"])
        if result is None:
            return Response(
                {"file": [_("อ่านไฟล์ PDF นี้ไม่ได้ ไฟล์อาจเสียหาย")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response({**VerificationSerializer(result).data, "verdict": result.verdict})
