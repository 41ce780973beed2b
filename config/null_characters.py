"""Requests carrying a NUL character are refused before any view reads them.

PostgreSQL cannot store or even compare a string holding NUL (0x00): a lookup such as
``?district=%00`` or a form's ``committee=\\x00`` raised ValueError deep in the ORM,
a server error. No text a person types holds NUL, so such a request is a bad one.
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from config.errors import is_api


class RefuseNullCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            _has_null(request.path)
            or _has_null_in(request.GET)
            or (request.method == "POST" and _form_body(request) and _has_null_in(request.POST))
        ):
            message = _("คำขอมีอักขระที่ไม่อนุญาต (NUL) กรุณาตรวจสอบข้อความที่กรอก")
            if is_api(request):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _has_null(text: str) -> bool:
    return "\x00" in text


def _has_null_in(query_dict) -> bool:
    return any(_has_null(key) or any(map(_has_null, values)) for key, values in query_dict.lists())


def _form_body(request) -> bool:
    # JSON bodies are the API's; DRF's parsers and serializers answer them with 400.
    return request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
