from django.urls import path
from rest_framework.routers import SimpleRouter

from meetings.api import views

router = SimpleRouter()
router.register("committees", views.CommitteeViewSet, basename="committee")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("agenda-items", views.AgendaItemViewSet, basename="agenda-item")
router.register("action-items", views.ActionItemViewSet, basename="action-item")
router.register("attendance", views.AttendanceViewSet, basename="attendance")

urlpatterns = [
    path("meetings/search/", views.MeetingSearchView.as_view(), name="meeting-search"),
    *router.urls,
]
