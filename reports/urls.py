from django.urls import path

from reports import views
from reports.dashboards import views as dashboards

app_name = "reports"

urlpatterns = [
    path("reports/", views.ReportJobListView.as_view(), name="job_list"),
    path("reports/new/", views.ReportRequestView.as_view(), name="job_create"),
    path("reports/<int:pk>/", views.ReportJobDetailView.as_view(), name="job_detail"),
    path("reports/<int:pk>/progress/", views.ReportJobProgressView.as_view(), name="job_progress"),
    path("reports/<int:pk>/download/", views.ReportJobDownloadView.as_view(), name="job_download"),
    path(
        "records/<int:pk>/download/",
        views.SignedRecordDownloadView.as_view(),
        name="record_download",
    ),
    path("dashboards/", dashboards.dashboard, name="dashboard"),
    path("dashboards/national/", dashboards.national_dashboard, name="dashboard_national"),
    path(
        "dashboards/boundaries/<str:area>.geojson",
        dashboards.boundaries,
        name="dashboard_boundaries",
    ),
    path("dashboards/<str:code>/", dashboards.province_dashboard, name="dashboard_province"),
    path(
        "dashboards/<str:code>/districts/<str:district>/",
        dashboards.district_dashboard,
        name="dashboard_district",
    ),
]
