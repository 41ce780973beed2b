from rest_framework.routers import SimpleRouter

from evaluations.api import views

router = SimpleRouter()
router.register("evaluations/rubrics", views.RubricViewSet, basename="rubric")
router.register("evaluations/rounds", views.EvaluationRoundViewSet, basename="evaluation-round")
router.register("evaluations/visits", views.VisitViewSet, basename="visit")
router.register("evaluations/submissions", views.SubmissionViewSet, basename="submission")
router.register("evaluations/photos", views.EvidencePhotoViewSet, basename="evidence-photo")
router.register("evaluations/results", views.SiteResultViewSet, basename="site-result")

urlpatterns = router.urls
