from django.contrib import admin

from notifications.models import ChannelDefault, Digest, Event, LineLink, Outbox


@admin.register(ChannelDefault)
class ChannelDefaultAdmin(admin.ModelAdmin):
    """The administrator's defaults: per kind and channel, on or off, at once or digest."""

    list_display = ["kind", "channel", "enabled", "mode"]
    list_editable = ["enabled", "mode"]
    list_filter = ["channel"]


@admin.register(Outbox)
class OutboxAdmin(admin.ModelAdmin):
    list_display = ["event", "recipient", "channel", "state", "attempts", "sent_at"]
    list_filter = ["channel", "state"]
    search_fields = ["recipient__username", "event__title"]
    readonly_fields = [f.name for f in Outbox._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "province", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "key"]


admin.site.register(Digest)
admin.site.register(LineLink)
