from django.contrib import admin
from django.core.exceptions import ValidationError

from audit.admin import HistoryAdmin
from programs.models import (
    Agency,
    Club,
    ClubMembership,
    ContestEntry,
    District,
    EntryExtension,
    GradeBand,
    Indicator,
    IndicatorResult,
    Objective,
    PeriodApproval,
    Program,
    ProgramVillage,
    Project,
    Province,
    Subdistrict,
    TierAward,
    Village,
    VillagePlanItem,
)
from programs.services.approvals import entry_extension_grant


class ReferenceDataAdmin(admin.ModelAdmin):
    """Geography comes from the national file (`import_geography`), not from this screen."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Province)
class ProvinceAdmin(ReferenceDataAdmin):
    list_display = ["code", "name_th", "name_en", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(District)
class DistrictAdmin(ReferenceDataAdmin):
    list_display = ["code", "name_th", "name_en", "province"]
    list_filter = ["province__region"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["province"]


@admin.register(Subdistrict)
class SubdistrictAdmin(ReferenceDataAdmin):
    list_display = ["code", "name_th", "name_en", "district"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["district"]


@admin.register(Village)
class VillageAdmin(HistoryAdmin):
    list_display = ["name_th", "number", "subdistrict"]
    search_fields = ["name_th", "code"]
    autocomplete_fields = ["subdistrict"]


@admin.register(Program)
class ProgramAdmin(HistoryAdmin):
    list_display = ["name_th", "short_name", "owner_agency", "start_year", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_th", "name_en", "short_name"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["provinces"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ["code", "name", "kind", "unit", "direction", "target", "frequency", "province"]
    extra = 0
    show_change_link = True


@admin.register(Objective)
class ObjectiveAdmin(HistoryAdmin):
    list_display = ["program", "fiscal_year", "kind", "number", "name"]
    list_filter = ["program", "fiscal_year", "kind"]
    inlines = [IndicatorInline]


class GradeBandInline(admin.TabularInline):
    model = GradeBand
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin):
    list_display = ["code", "name", "objective", "province", "kind", "target", "frequency"]
    list_filter = ["objective__program", "objective__fiscal_year", "kind", "frequency"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["province", "lead_agency"]
    filter_horizontal = ["co_agencies"]
    inlines = [GradeBandInline]


@admin.register(IndicatorResult)
class IndicatorResultAdmin(HistoryAdmin):
    list_display = ["indicator", "province", "period", "value", "status", "entered_by"]
    list_filter = ["status", "province__region", "indicator__objective__program"]
    list_select_related = ["indicator", "province", "entered_by"]
    raw_id_fields = ["indicator", "entered_by"]


@admin.register(Agency)
class AgencyAdmin(HistoryAdmin):
    list_display = ["name", "short_name", "province", "is_active"]
    list_filter = ["province__region", "is_active"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["province"]


@admin.register(Project)
class ProjectAdmin(HistoryAdmin):
    list_display = ["name", "program", "province", "agency", "fiscal_year", "budget", "status"]
    list_filter = ["program", "fiscal_year", "status"]
    search_fields = ["name"]
    raw_id_fields = ["agency", "objective"]


class ClubMembershipInline(admin.TabularInline):
    model = ClubMembership
    extra = 0


@admin.register(Club)
class ClubAdmin(HistoryAdmin):
    list_display = ["name", "club_type", "province", "district", "has_friend_corner", "is_active"]
    list_filter = ["club_type", "province__region", "has_friend_corner", "is_active"]
    search_fields = ["name", "host_organisation"]
    raw_id_fields = ["district", "subdistrict"]
    autocomplete_fields = ["province"]
    list_select_related = ["province", "district"]
    inlines = [ClubMembershipInline]


@admin.register(TierAward)
class TierAwardAdmin(HistoryAdmin):
    list_display = ["competitor", "level", "fiscal_year", "tier", "consecutive_year"]
    list_filter = ["level", "fiscal_year", "tier"]
    raw_id_fields = ["club", "district"]


@admin.register(ContestEntry)
class ContestEntryAdmin(HistoryAdmin):
    list_display = ["competitor", "level", "fiscal_year", "stage", "category", "result"]
    list_filter = ["level", "fiscal_year", "stage", "result"]
    raw_id_fields = ["club", "district"]


class VillagePlanItemInline(admin.TabularInline):
    model = VillagePlanItem
    extra = 0


@admin.register(ProgramVillage)
class ProgramVillageAdmin(HistoryAdmin):
    list_display = ["village", "program", "province", "vote_result", "plan_status"]
    list_filter = ["program", "plan_status", "vote_result"]
    raw_id_fields = ["village"]
    inlines = [VillagePlanItemInline]


@admin.register(PeriodApproval)
class PeriodApprovalAdmin(HistoryAdmin):
    """Read here; every transition is a service (the approval pages and the API)."""

    list_display = ["program", "province", "fiscal_year", "frequency", "period", "state",
                    "approved_by", "approved_at"]  # fmt: skip
    list_filter = ["state", "program", "fiscal_year", "province__region"]
    list_select_related = ["program", "province", "approved_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EntryExtension)
class EntryExtensionAdmin(HistoryAdmin):
    """An administrator keeps entry open for one province past the program's closing date."""

    list_display = ["program", "province", "open_until", "reason", "granted_by", "granted_at"]
    list_filter = ["program", "province__region"]
    autocomplete_fields = ["province"]
    fields = ["program", "province", "open_until", "reason"]

    def save_model(self, request, obj, form, change):
        try:
            entry_extension_grant(
                program=obj.program, province=obj.province, open_until=obj.open_until,
                reason=obj.reason, granted_by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level="error")
