"""What a request that failed on the server answers: a page in Thai, never a traceback.

When the database is unreachable (restarting, failing over) the answer is 503 with
Retry-After: the user is told to try again in a moment, and the next request opens
a fresh connection (``CONN_HEALTH_CHECKS``), so the portal recovers by itself.
Django calls ``handler500`` inside the ``except`` block of the failed request, for
errors raised in views and in middleware alike, so the error is ``sys.exception()``.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def server_error(request) -> HttpResponse:
    if isinstance(sys.exception(), DATABASE_UNAVAILABLE):
        status = 503
        title = _("ระบบไม่พร้อมให้บริการชั่วคราว")
        message = _("ฐานข้อมูลไม่พร้อมใช้งานชั่วคราว ข้อมูลที่บันทึกไว้แล้วไม่สูญหาย กรุณารอสักครู่แล้วลองใหม่อีกครั้ง")
    else:
        status = 500
        title = _("เกิดข้อผิดพลาดภายในระบบ")
        message = _("ระบบบันทึกข้อผิดพลาดนี้ไว้แล้ว กรุณาลองใหม่อีกครั้ง หากยังพบปัญหาโปรดแจ้งผู้ดูแลระบบ")
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=status)
    else:
        html = render_to_string(
            "error_page.html",
            {"title": title, "message": message, "tone": "warning" if status == 503 else "danger"},
        )
        response = HttpResponse(html, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
