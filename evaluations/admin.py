"""Administrators set up rounds, visits and assignments here; rubrics are built in the
portal's own screens (``evaluations:rubric_*``) or imported, and published ones are
read-only everywhere."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evaluations.models import (
    EvaluationRound,
    RoundEvaluator,
    Rubric,
    ScoreSheet,
    SiteResult,
    SubmissionReceipt,
    Visit,
    VisitAssignment,
)


class RoundEvaluatorInline(admin.TabularInline):
    model = RoundEvaluator
    extra = 0
    autocomplete_fields = ["user"]


class VisitInline(admin.TabularInline):
    model = Visit
    extra = 0
    fields = ["order", "scheduled_at", "place", "level", "province", "district", "club", "rubric"]
    raw_id_fields = ["club", "district"]


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "program", "fiscal_year", "stage", "province", "starts_on"]
    list_filter = ["fiscal_year", "stage", "program"]
    search_fields = ["name"]
    filter_horizontal = ["rubrics"]
    inlines = [RoundEvaluatorInline, VisitInline]


class VisitAssignmentInline(admin.TabularInline):
    model = VisitAssignment
    extra = 0
    autocomplete_fields = ["evaluator"]


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ["round", "order", "scheduled_at", "place", "level", "province"]
    list_filter = ["round__fiscal_year", "level"]
    search_fields = ["place", "club__name", "round__name"]
    raw_id_fields = ["club", "district"]
    inlines = [VisitAssignmentInline]


@admin.register(Rubric)
class RubricAdmin(SimpleHistoryAdmin):
    """Read-only here: rubrics are built, published and versioned in the portal."""

    list_display = [
        "name",
        "program",
        "fiscal_year",
        "entity_level",
        "club_type",
        "version",
        "status",
    ]
    list_filter = ["status", "fiscal_year", "entity_level"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Scores and results come from phones and the chair; administrators only read them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(ScoreSheet, ReadOnlyAdmin)
admin.site.register(SiteResult, ReadOnlyAdmin)
admin.site.register(SubmissionReceipt, ReadOnlyAdmin)
