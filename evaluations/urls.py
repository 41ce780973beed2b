from django.urls import path

from evaluations import round_views, rubric_views, views

app_name = "evaluations"

urlpatterns = [
    path("evaluations/visits/", views.visit_list, name="visit_list"),
    path("evaluations/visits/<int:pk>/score/", views.visit_score, name="visit_score"),
    path("evaluations/visits/<int:pk>/", views.visit_result, name="visit_result"),
    path("evaluations/visits/<int:pk>/finalise/", views.visit_finalise, name="visit_finalise"),
    path("evaluations/visits/<int:pk>/reopen/", views.visit_reopen, name="visit_reopen"),
    path("evaluations/rounds/", views.round_list, name="round_list"),
    path("evaluations/rounds/<int:pk>/", round_views.round_detail, name="round_detail"),
    # Setting up rounds: officers of the host province, administrators.
    path("evaluations/rounds/new/", round_views.round_create, name="round_create"),
    path("evaluations/rounds/<int:pk>/edit/", round_views.round_update, name="round_update"),
    path(
        "evaluations/rounds/<int:pk>/evaluators/",
        round_views.round_evaluator_add_view,
        name="round_evaluator_add",
    ),
    path(
        "evaluations/rounds/evaluators/<int:pk>/chair/",
        round_views.round_evaluator_chair,
        name="round_evaluator_chair",
    ),
    path(
        "evaluations/rounds/evaluators/<int:pk>/remove/",
        round_views.round_evaluator_remove_view,
        name="round_evaluator_remove",
    ),
    path(
        "evaluations/rounds/<int:pk>/visits/new/",
        round_views.visit_create_view,
        name="visit_create",
    ),
    path("evaluations/visits/<int:pk>/edit/", round_views.visit_update_view, name="visit_update"),
    path("evaluations/visits/<int:pk>/delete/", round_views.visit_delete_view, name="visit_delete"),
    path("evaluations/photos/<uuid:client_id>/", views.photo, name="photo"),
    path("evaluations/sw.js", views.service_worker, name="service_worker"),
    path("evaluations/manifest.webmanifest", views.manifest, name="manifest"),
    path("evaluations/offline/", views.offline, name="offline"),
    # Rubrics: everyone signed in reads the published ones; administrators build them.
    path("evaluations/rubrics/", rubric_views.rubric_list, name="rubric_list"),
    path("evaluations/rubrics/new/", rubric_views.rubric_create, name="rubric_create"),
    path("evaluations/rubrics/import/", rubric_views.rubric_import, name="rubric_import"),
    path(
        "evaluations/rubrics/import/template.xlsx",
        rubric_views.rubric_import_template,
        name="rubric_import_template",
    ),
    path("evaluations/rubrics/<int:pk>/", rubric_views.rubric_detail, name="rubric_detail"),
    path(
        "evaluations/rubrics/<int:pk>/components/",
        rubric_views.rubric_component_add,
        name="rubric_component_add",
    ),
    path(
        "evaluations/rubrics/components/<int:pk>/delete/",
        rubric_views.rubric_component_delete,
        name="rubric_component_delete",
    ),
    path(
        "evaluations/rubrics/components/<int:pk>/criteria/",
        rubric_views.rubric_criterion_add,
        name="rubric_criterion_add",
    ),
    path(
        "evaluations/rubrics/criteria/<int:pk>/edit/",
        rubric_views.rubric_criterion_edit,
        name="rubric_criterion_edit",
    ),
    path(
        "evaluations/rubrics/criteria/<int:pk>/delete/",
        rubric_views.rubric_criterion_delete,
        name="rubric_criterion_delete",
    ),
    path("evaluations/rubrics/<int:pk>/bands/", rubric_views.rubric_bands, name="rubric_bands"),
    path(
        "evaluations/rubrics/<int:pk>/publish/",
        rubric_views.rubric_publish,
        name="rubric_publish",
    ),
    path(
        "evaluations/rubrics/<int:pk>/new-version/",
        rubric_views.rubric_new_version,
        name="rubric_new_version",
    ),
    path("evaluations/rubrics/<int:pk>/delete/", rubric_views.rubric_delete, name="rubric_delete"),
]
