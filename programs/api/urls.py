from rest_framework.routers import DefaultRouter

from programs.api import views

router = DefaultRouter()
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register("districts", views.DistrictViewSet, basename="district")
router.register("programs", views.ProgramViewSet, basename="program")

urlpatterns = router.urls
