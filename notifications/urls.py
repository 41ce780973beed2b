from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read/", views.notification_read, name="read"),
    path("notifications/settings/", views.notification_settings, name="settings"),
    path("notifications/line/code/", views.line_code_create, name="line_code"),
    path("notifications/line/unlink/", views.line_unlink, name="line_unlink"),
    path("notifications/line/webhook/", views.line_webhook, name="line_webhook"),
]
