"""Administrators manage organisations, users and memberships here; no participant content."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from stegvis.accounts.models import Membership, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "org_nr"]
    list_filter = ["kind"]
    search_fields = ["name", "org_nr"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["project"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Stegvis"), {"fields": ("organisation", "is_administrator")}),
    )
    list_display = ["username", "first_name", "last_name", "organisation", "is_administrator", "is_active"]
    list_filter = ["is_administrator", "is_active", "organisation"]
    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser may grant superuser status or raw permissions: an
        # administrator must not be able to lift themselves past role separation.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("is_superuser", "user_permissions", "groups", "last_login", "date_joined")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "project", "role", "whole_project"]
    list_filter = ["role", "project"]
    autocomplete_fields = ["user", "project"]
