from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.ReportJobListView.as_view(), name="job_list"),
    path("reports/new/", views.ReportRequestView.as_view(), name="job_create"),
    path("reports/<int:pk>/", views.ReportJobDetailView.as_view(), name="job_detail"),
    path("reports/<int:pk>/progress/", views.ReportJobProgressView.as_view(), name="job_progress"),
    path("reports/<int:pk>/download/", views.ReportJobDownloadView.as_view(), name="job_download"),
]
