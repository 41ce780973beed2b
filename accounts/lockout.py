"""What a locked-out sign-in is answered (django-axes' AXES_LOCKOUT_CALLABLE).

The sign-in page gets the Thai lockout page; the token endpoint, like the rest of the
API, answers JSON, which a script can read.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from config.errors import is_api

LOCKED_OUT = 429


def lockout_response(request, original_response=None, credentials=None):
    if is_api(request):
        response = JsonResponse(
            {"detail": _("มีการกรอกรหัสผ่านผิดหลายครั้ง ระงับการเข้าสู่ระบบชั่วคราว กรุณารอสักครู่แล้วลองใหม่")},
            status=LOCKED_OUT,
        )
        response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME * 3600))
        return response
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=LOCKED_OUT)
