from django.urls import path
from rest_framework.routers import SimpleRouter

from reports.api import views
from reports.api.verify import VerifyAPIView

router = SimpleRouter()
router.register("reports", views.ReportJobViewSet, basename="report-job")

urlpatterns = [*router.urls, path("verify/", VerifyAPIView.as_view(), name="verify")]
