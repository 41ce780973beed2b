"""Anyone may check a signed record: upload the PDF (or open the QR code's link). No
login; the answer holds nothing the file does not already hold."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from reports.models import ReportStatus, SignedRecord
from reports.signing.verify import Verification, verify_pdf


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("ไฟล์ PDF ที่ต้องการตรวจสอบ"),
        error_messages={"required": gettext_lazy("กรุณาเลือกไฟล์ PDF")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.SIGNING_VERIFY_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("ไฟล์ใหญ่เกินไป ตรวจสอบได้ไม่เกิน %(mb)s เมกะไบต์") % {"mb": limit // (1024 * 1024)}
            )
        content = upload.read()
        if content.lstrip()[:5] != b"%PDF-":
            raise forms.ValidationError(_("ไฟล์นี้ไม่ใช่ไฟล์ PDF กรุณาเลือกไฟล์ PDF ที่ดาวน์โหลดจากพอร์ทัล"))
        return content


def verification_for_upload(content: bytes) -> Verification | None:
    """None when the bytes are not a PDF that can be read."""
    result = verify_pdf(content)
    return result if result.is_pdf else None


@require_http_methods(["GET", "POST"])
def verify_upload(request):
    result = None
    form = VerifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = verification_for_upload(form.cleaned_data["file"])
        if result is None:
            form.add_error("file", _("อ่านไฟล์ PDF นี้ไม่ได้ ไฟล์อาจเสียหาย"))
    status = 400 if request.method == "POST" and result is None else 200
    return render(request, "reports/verify.html", {"form": form, "result": result}, status=status)


@require_http_methods(["GET"])
def verify_record(request, public_id):
    """The QR code's link: what the file of this record says about itself."""
    record = (
        SignedRecord.objects.filter(public_id=public_id, status=ReportStatus.DONE)
        .select_related("certificate", "replaces")
        .first()
    )
    if record is None:
        raise Http404(_("ไม่พบเอกสารนี้"))
    return render(request, "reports/verify.html", {"form": VerifyForm(), "record": record})
