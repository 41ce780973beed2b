from django.contrib import admin

from audit.admin import HistoryAdmin
from meetings.models import (
    ActionItem,
    ActionItemUpdate,
    AgendaItem,
    Attachment,
    Attendance,
    Committee,
    CommitteeMember,
    Meeting,
    MinutesAmendment,
)


class CommitteeMemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(HistoryAdmin):
    list_display = ["name", "numbering", "is_active"]
    list_filter = ["numbering", "is_active", "provinces"]
    search_fields = ["name"]
    filter_horizontal = ["provinces", "programs"]
    inlines = [CommitteeMemberInline]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin):
    list_display = ["committee", "number", "year", "date", "minutes_status"]
    list_filter = ["minutes_status", "year"]
    search_fields = ["committee__name", "title", "venue"]
    raw_id_fields = ["committee", "certified_in", "checked_by", "certified_by", "created_by"]
    inlines = [AttendanceInline]


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(HistoryAdmin):
    list_display = ["meeting", "part", "sub", "title"]
    raw_id_fields = ["meeting", "certifies", "carried_action_item"]
    search_fields = ["title", "resolution"]
    inlines = [ActionItemInline]


@admin.register(ActionItem)
class ActionItemAdmin(HistoryAdmin):
    list_display = ["description", "responsible", "due_date", "status"]
    list_filter = ["status"]
    raw_id_fields = ["agenda_item"]


admin.site.register(ActionItemUpdate)
admin.site.register(Attachment)
admin.site.register(MinutesAmendment)
