"""What a failed request answers: a page in Thai (JSON under /api/), never a traceback.

When the database is unreachable (restarting, failing over) the answer is 503 with
Retry-After: the user is told to try again in a moment, and the next request opens
a fresh connection (``CONN_HEALTH_CHECKS``), so the portal recovers by itself.
Django calls ``handler500`` inside the ``except`` block of the failed request, for
errors raised in views and in middleware alike, so the error is ``sys.exception()``.

The API answers so with DEBUG on as well (``make run``), where Django would show its
debug page: a script calling the API reads JSON, and "database is locked" on the embedded
SQLite (a write waiting longer than its busy timeout) is an outage, not a bug to debug.
``DatabaseUnavailableMiddleware`` answers it for the API's views; pages keep Django's
debug page under DEBUG and the Thai 503 page otherwise.

A URL under /api/ that matches no route (``/api/v1/clubs/abc/`` where the id must be a
number) answers JSON too, as the API's schema says, not Django's HTML 404 page.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30

logger = logging.getLogger(__name__)


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def page_not_found(request, exception):
    if is_api(request):
        return JsonResponse({"detail": _("ไม่พบ")}, status=404)
    return defaults.page_not_found(request, exception)


def database_unavailable_message() -> str:
    return _("ฐานข้อมูลไม่พร้อมใช้งานชั่วคราว ข้อมูลที่บันทึกไว้แล้วไม่สูญหาย กรุณารอสักครู่แล้วลองใหม่อีกครั้ง")


class DatabaseUnavailableMiddleware:
    """An API view failing on the database answers the JSON 503, whatever DEBUG says."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (is_api(request) and isinstance(exception, DATABASE_UNAVAILABLE)):
            return None
        # Answered here, so Django does not log it: say it, with the traceback, as it would.
        logger.error(
            "Database unavailable: %s %s", request.method, request.path, exc_info=exception
        )
        response = JsonResponse({"detail": database_unavailable_message()}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


def server_error(request) -> HttpResponse:
    if isinstance(sys.exception(), DATABASE_UNAVAILABLE):
        status = 503
        title = _("ระบบไม่พร้อมให้บริการชั่วคราว")
        message = database_unavailable_message()
    else:
        status = 500
        title = _("เกิดข้อผิดพลาดภายในระบบ")
        message = _("ระบบบันทึกข้อผิดพลาดนี้ไว้แล้ว กรุณาลองใหม่อีกครั้ง หากยังพบปัญหาโปรดแจ้งผู้ดูแลระบบ")
    if is_api(request):
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
