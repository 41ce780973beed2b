from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username", "get_full_name", "role", "province", "position", "is_approver", "is_active",
    ]  # fmt: skip
    list_filter = ["role", "is_approver", "province__region", "is_active"]
    search_fields = ["username", "first_name", "last_name", "position"]
    autocomplete_fields = ["province"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("บทบาทในพอร์ทัล"), {"fields": ["role", "province", "position", "is_approver"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("บทบาทในพอร์ทัล"), {"fields": ["role", "province", "position", "is_approver"]}),
    ]
