"""Error pages: the API answers its errors in JSON, as its schema says, pages in HTML.

A URL under /api/ that matches no route (``/api/v1/clubs/abc/`` where the id must be a
number) used to answer Django's HTML 404 page to an API client.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def page_not_found(request, exception):
    if is_api(request):
        return JsonResponse({"detail": _("ไม่พบ")}, status=404)
    return defaults.page_not_found(request, exception)
