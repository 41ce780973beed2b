from django.urls import path

from evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("evaluations/visits/", views.visit_list, name="visit_list"),
    path("evaluations/visits/<int:pk>/score/", views.visit_score, name="visit_score"),
    path("evaluations/visits/<int:pk>/", views.visit_result, name="visit_result"),
    path("evaluations/visits/<int:pk>/finalise/", views.visit_finalise, name="visit_finalise"),
    path("evaluations/visits/<int:pk>/reopen/", views.visit_reopen, name="visit_reopen"),
    path("evaluations/rounds/", views.round_list, name="round_list"),
    path("evaluations/rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("evaluations/photos/<uuid:client_id>/", views.photo, name="photo"),
    path("evaluations/sw.js", views.service_worker, name="service_worker"),
    path("evaluations/manifest.webmanifest", views.manifest, name="manifest"),
    path("evaluations/offline/", views.offline, name="offline"),
]
