from rest_framework.routers import SimpleRouter

from reports.api import views

router = SimpleRouter()
router.register("reports", views.ReportJobViewSet, basename="report-job")

urlpatterns = router.urls
