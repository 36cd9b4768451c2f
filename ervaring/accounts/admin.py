"""The Django admin is for platform operators (superusers): organisations, teams, staff."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from ervaring.accounts.models import AuditEvent, Organisation, Staff, Team


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "slug"]
    list_filter = ["organisation"]


@admin.register(Staff)
class StaffAdmin(UserAdmin):
    list_display = ["username", "get_full_name", "organisation", "role", "team", "is_active"]
    list_filter = ["organisation", "role", "is_active"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Ervaring", {"fields": ["organisation", "role", "team"]}),
    ]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "organisation", "actor_label", "action", "target"]
    list_filter = ["organisation", "action"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
