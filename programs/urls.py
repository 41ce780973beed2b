from django.urls import path

from programs.views import agencies, clubs, geography, indicators, villages  # noqa: F401

app_name = "programs"

urlpatterns = [
    # --- Geography and programs ---------------------------------------------------
    path("provinces/", geography.ProvinceListView.as_view(), name="province_list"),
    path("provinces/<str:pk>/", geography.ProvinceDetailView.as_view(), name="province_detail"),
    path("programs/", geography.ProgramListView.as_view(), name="program_list"),
    path("programs/<slug:slug>/", geography.ProgramDetailView.as_view(), name="program_detail"),
    # --- Clubs, memberships, tiers and contests (views/clubs.py) -----------------------
    # --- Results frameworks, indicators and results (views/indicators.py) --------------
    # --- Agencies and projects (views/agencies.py) -----------------------------------
    # --- ร้อยใจรักษ์ villages and village plans (views/villages.py) ----------------------
]
