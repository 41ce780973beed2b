from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.healthz import healthz

api_v1 = [
    path("", include("accounts.api.urls")),
    path("", include("programs.api.urls")),
    path("", include("meetings.api.urls")),
    path("", include("evaluations.api.urls")),
    path("", include("reports.api.urls")),
]

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("programs.urls")),
    path("", include("reports.urls")),
    path("", include("reports.verify_urls")),
    path("", include("meetings.urls")),
    path("", include("evaluations.urls")),
    path("", include("audit.urls")),
    path("", include("notifications.urls")),
    path("", include("portal.urls")),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script from a URL, not inline (Content-Security-Policy).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Not at /admin/, where scanners look first.
    path(settings.ADMIN_URL, admin.site.urls),
]

admin.site.site_header = "พอร์ทัลติดตามโครงการจังหวัด — จัดการระบบ"
admin.site.site_title = "จัดการระบบ"

handler500 = "config.errors.server_error"
# The API answers a URL it does not know in JSON (config/errors.py).
handler404 = "config.errors.page_not_found"
