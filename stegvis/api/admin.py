"""API keys in admin: administrators see whose keys exist and may revoke one (never the key itself)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stegvis.api import services
from stegvis.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    fields = ["name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        # A key is made by its user on the API-nycklar page, where it is shown once.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Återkalla valda nycklar"))
    def revoke(self, request, queryset) -> None:
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                services.token_revoke(token=token, by=request.user, path=request.path)
            except ValidationError:
                continue
            revoked += 1
        self.message_user(request, _("%(n)s nycklar återkallade.") % {"n": revoked}, messages.SUCCESS)
