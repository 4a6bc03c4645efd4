"""Instruments and fidelity reviews in Django admin, read-only: they are changed through the
application's services, which keep versions and the audit log. Assessments are participant
data and are not in admin at all."""

from django.contrib import admin

from stegvis.assessments.models import Area, FidelityItem, FidelityReview, Instrument, Level, StepMovementRule


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0
    can_delete = False
    fields = ("value", "description")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Instrument)
class InstrumentAdmin(ReadOnlyAdmin):
    list_display = ("name", "version", "project", "raters", "scale_max", "is_default", "is_current", "source")
    list_filter = ("is_default", "is_current", "source")
    search_fields = ("name", "key")


@admin.register(Area)
class AreaAdmin(ReadOnlyAdmin):
    list_display = ("name", "instrument", "position")
    list_select_related = ("instrument",)
    inlines = [LevelInline]


@admin.register(StepMovementRule)
class StepMovementRuleAdmin(ReadOnlyAdmin):
    list_display = ("project", "combination", "instrument", "uses_ips", "updated_at")
    list_select_related = ("project", "instrument")


class FidelityItemInline(admin.TabularInline):
    model = FidelityItem
    extra = 0
    can_delete = False
    fields = ("number", "label", "score")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FidelityReview)
class FidelityReviewAdmin(ReadOnlyAdmin):
    list_display = ("project", "team_name", "reviewed_on", "total")
    list_select_related = ("project",)
    inlines = [FidelityItemInline]
