from django.urls import path

from programs.views import agencies, approvals, clubs, geography, indicators, villages  # noqa: F401

app_name = "programs"

urlpatterns = [
    # --- Geography and programs ---------------------------------------------------
    path("provinces/", geography.ProvinceListView.as_view(), name="province_list"),
    path("provinces/<str:pk>/", geography.ProvinceDetailView.as_view(), name="province_detail"),
    path("programs/", geography.ProgramListView.as_view(), name="program_list"),
    path("programs/<slug:slug>/", geography.ProgramDetailView.as_view(), name="program_detail"),
    # --- Clubs, memberships, tiers and contests (views/clubs.py) -----------------------
    path("clubs/", clubs.ClubListView.as_view(), name="club_list"),
    path("clubs/export/", clubs.ClubExportView.as_view(), name="club_export"),
    path("clubs/new/", clubs.ClubCreateView.as_view(), name="club_create"),
    path("clubs/import/", clubs.ClubImportView.as_view(), name="club_import"),
    path(
        "clubs/import/template.xlsx",
        clubs.ClubImportTemplateView.as_view(),
        name="club_import_template",
    ),
    path("clubs/<int:pk>/", clubs.ClubDetailView.as_view(), name="club_detail"),
    path("clubs/<int:pk>/edit/", clubs.ClubUpdateView.as_view(), name="club_update"),
    path(
        "clubs/<int:pk>/memberships/new/",
        clubs.ClubMembershipCreateView.as_view(),
        name="club_membership_create",
    ),
    path(
        "clubs/memberships/<int:pk>/edit/",
        clubs.ClubMembershipUpdateView.as_view(),
        name="club_membership_update",
    ),
    path(
        "clubs/<int:pk>/tiers/new/",
        clubs.ClubTierAwardCreateView.as_view(),
        name="club_tier_award_create",
    ),
    path(
        "clubs/<int:pk>/contests/new/",
        clubs.ClubContestEntryCreateView.as_view(),
        name="club_contest_entry_create",
    ),
    path("competitions/", clubs.CompetitionListView.as_view(), name="competition_list"),
    path(
        "competitions/tiers/new/",
        clubs.CompetitionTierAwardCreateView.as_view(),
        name="competition_tier_award_create",
    ),
    path(
        "competitions/contests/new/",
        clubs.CompetitionContestEntryCreateView.as_view(),
        name="competition_contest_entry_create",
    ),
    path(
        "competitions/tiers/<int:pk>/edit/",
        clubs.TierAwardUpdateView.as_view(),
        name="tier_award_update",
    ),
    path(
        "competitions/contests/<int:pk>/edit/",
        clubs.ContestEntryUpdateView.as_view(),
        name="contest_entry_update",
    ),
    # --- Results frameworks, indicators and results (views/indicators.py) --------------
    path(
        "programs/<slug:slug>/framework/<int:fiscal_year>/",
        indicators.FrameworkDetailView.as_view(),
        name="framework_detail",
    ),
    path(
        "programs/<slug:slug>/results/<int:fiscal_year>/<str:period>/",
        indicators.ResultsEntryView.as_view(),
        name="results_entry",
    ),
    # --- Sign-off of a period's figures (views/approvals.py) ---------------------------
    path(
        "programs/<slug:slug>/results/<int:fiscal_year>/<str:period>/<str:province>/approval/",
        approvals.PeriodApprovalView.as_view(),
        name="period_approval",
    ),
    path(
        "programs/<slug:slug>/results/<int:fiscal_year>/<str:period>/<str:province>/submit/",
        approvals.PeriodSubmitView.as_view(),
        name="period_submit",
    ),
    path(
        "programs/<slug:slug>/results/<int:fiscal_year>/<str:period>/<str:province>/approve/",
        approvals.PeriodApproveView.as_view(),
        name="period_approve",
    ),
    path(
        "programs/<slug:slug>/results/<int:fiscal_year>/<str:period>/<str:province>/return/",
        approvals.PeriodReturnView.as_view(),
        name="period_return",
    ),
    path(
        "programs/<slug:slug>/results/<int:fiscal_year>/<str:period>/<str:province>/reopen/",
        approvals.PeriodReopenView.as_view(),
        name="period_reopen",
    ),
    path("indicators/new/", indicators.IndicatorCreateView.as_view(), name="indicator_create"),
    path("indicators/<int:pk>/", indicators.IndicatorDetailView.as_view(), name="indicator_detail"),
    path(
        "indicators/<int:pk>/edit/",
        indicators.IndicatorUpdateView.as_view(),
        name="indicator_update",
    ),
    path("results/import/", indicators.ResultsImportView.as_view(), name="results_import"),
    path(
        "results/import/template.xlsx",
        indicators.ResultsImportTemplateView.as_view(),
        name="results_import_template",
    ),
    path(
        "results/<int:pk>/attachments/",
        indicators.ResultAttachmentAddView.as_view(),
        name="result_attachment_add",
    ),
    path(
        "results/attachments/<int:pk>/",
        indicators.ResultAttachmentDownloadView.as_view(),
        name="result_attachment_download",
    ),
    # --- Agencies and projects (views/agencies.py) -----------------------------------
    path("agencies/", agencies.AgencyListView.as_view(), name="agency_list"),
    path("agencies/new/", agencies.AgencyCreateView.as_view(), name="agency_create"),
    path("agencies/<int:pk>/", agencies.AgencyDetailView.as_view(), name="agency_detail"),
    path("agencies/<int:pk>/edit/", agencies.AgencyUpdateView.as_view(), name="agency_update"),
    path("projects/", agencies.ProjectListView.as_view(), name="project_list"),
    path("projects/export/", agencies.ProjectExportView.as_view(), name="project_export"),
    path("projects/new/", agencies.ProjectCreateView.as_view(), name="project_create"),
    path("projects/<int:pk>/", agencies.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/edit/", agencies.ProjectUpdateView.as_view(), name="project_update"),
    # --- ร้อยใจรักษ์ villages and village plans (views/villages.py) ----------------------
    path("villages/", villages.ProgramVillageListView.as_view(), name="village_list"),
    path("villages/add/", villages.ProgramVillageAddView.as_view(), name="village_add"),
    path("villages/<int:pk>/", villages.ProgramVillageDetailView.as_view(), name="village_detail"),
    path(
        "villages/<int:pk>/status/",
        villages.ProgramVillageStatusView.as_view(),
        name="village_status",
    ),
    path(
        "villages/<int:pk>/items/add/",
        villages.VillagePlanItemCreateView.as_view(),
        name="village_item_add",
    ),
    path(
        "villages/items/<int:pk>/edit/",
        villages.VillagePlanItemUpdateView.as_view(),
        name="village_item_edit",
    ),
]
