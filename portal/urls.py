from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("backups/", views.backup_list_view, name="backup_list"),
    path("backups/new/", views.backup_create_view, name="backup_create"),
    path("backups/check/", views.backup_check_view, name="backup_check"),
    path("backups/<int:pk>/download/", views.backup_download_view, name="backup_download"),
]
