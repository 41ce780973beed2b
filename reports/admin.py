from django.contrib import admin

from reports.models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "kind",
        "province",
        "requested_by",
        "status",
        "progress",
        "requested_at",
        "finished_at",
        "page_count",
    ]
    list_filter = ["status", "kind", "province"]
    search_fields = ["requested_by__username", "error"]
    readonly_fields = [field.name for field in ReportJob._meta.fields]

    def has_add_permission(self, request):
        return False  # jobs are requested through the report pages
