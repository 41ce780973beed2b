from django.urls import path

from portal.views import backups, home

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("work/", home.my_work_view, name="my_work"),
    path("privacy/", home.privacy, name="privacy"),
    path("backups/", backups.backup_list_view, name="backup_list"),
    path("backups/new/", backups.backup_create_view, name="backup_create"),
    path("backups/check/", backups.backup_check_view, name="backup_check"),
    path("backups/<int:pk>/download/", backups.backup_download_view, name="backup_download"),
]
