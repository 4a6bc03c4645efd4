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


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "project", "role", "whole_project"]
    list_filter = ["role", "project"]
    autocomplete_fields = ["user", "project"]
