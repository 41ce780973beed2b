from rest_framework.routers import DefaultRouter

from programs.api import views

router = DefaultRouter()
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register("districts", views.DistrictViewSet, basename="district")
router.register("programs", views.ProgramViewSet, basename="program")
router.register("objectives", views.ObjectiveViewSet, basename="objective")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("indicator-results", views.IndicatorResultViewSet, basename="indicator-result")
router.register("period-approvals", views.PeriodApprovalViewSet, basename="period-approval")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("clubs", views.ClubViewSet, basename="club")
router.register("program-villages", views.ProgramVillageViewSet, basename="program-village")

urlpatterns = router.urls
