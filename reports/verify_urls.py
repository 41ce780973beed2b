"""The public verification page: no login."""

from django.urls import path

from reports import verify_views

app_name = "verify"

urlpatterns = [
    path("verify/", verify_views.verify_upload, name="upload"),
    path("verify/<uuid:public_id>/", verify_views.verify_record, name="record"),
]
