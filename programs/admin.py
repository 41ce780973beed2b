from django.contrib import admin

from programs.models import District, Program, Province, Subdistrict, Village


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "province"]
    list_filter = ["province__region"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["province"]


@admin.register(Subdistrict)
class SubdistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "district"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["district"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["name_th", "number", "subdistrict"]
    search_fields = ["name_th", "code"]
    autocomplete_fields = ["subdistrict"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name_th", "short_name", "owner_agency", "start_year", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_th", "name_en", "short_name"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["provinces"]
