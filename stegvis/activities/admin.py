# Only the catalogue is in Django admin: activities, bookings, attendance and hours are
# participant data, which the administrator role does not see (role separation).
from django.contrib import admin

from stegvis.activities.models import ActivityType


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "kind", "active", "position"]
    list_filter = ["kind", "active", "project"]
    search_fields = ["name", "project__name"]
    ordering = ["project__name", "position", "name"]
