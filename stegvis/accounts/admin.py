"""Administrators manage organisations, users and memberships here; no participant content."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from stegvis.accounts import services
from stegvis.accounts.models import Membership, Organisation, User

# The TOTP secrets must not be shown on any page after set-up; admins reset a device instead.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


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
    actions = ["deactivate", "reset_second_factor"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Unticking "active" ends the user's open sessions at once, not at their next login.
        if change and "is_active" in form.changed_data and not obj.is_active:
            services.user_deactivate(user=obj, by=request.user)

    @admin.action(description=_("Inaktivera och logga ut valda användare"))
    def deactivate(self, request, queryset):
        for user in queryset:
            services.user_deactivate(user=user, by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "%(count)d användare inaktiverad och utloggad.",
                "%(count)d användare inaktiverade och utloggade.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Återställ tvåstegsverifiering (tappad telefon)"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            services.second_factor_reset(user=user, by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Tvåstegsverifieringen återställd för %(count)d användare; hen ställer in den vid nästa inloggning.",
                "Tvåstegsverifieringen återställd för %(count)d användare; de ställer in den vid nästa inloggning.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

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
