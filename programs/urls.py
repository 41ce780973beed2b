from django.urls import path

from programs import views

app_name = "programs"

urlpatterns = [
    path("provinces/", views.ProvinceListView.as_view(), name="province_list"),
    path("provinces/<str:pk>/", views.ProvinceDetailView.as_view(), name="province_detail"),
    path("programs/", views.ProgramListView.as_view(), name="program_list"),
    path("programs/<slug:slug>/", views.ProgramDetailView.as_view(), name="program_detail"),
]
