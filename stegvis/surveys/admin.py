"""Questionnaires in Django admin, read-only: their wording changes only as a new version, made in
the application (or shipped in stegvis.surveys.defaults). Links, responses and answers are
participant content and deliberately not in admin (role separation)."""

from django.contrib import admin

from stegvis.surveys.models import Question, Questionnaire, QuestionnaireVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["position", "text", "kind", "measure", "asked_at", "required"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class VersionInline(admin.TabularInline):
    model = QuestionnaireVersion
    fields = ["number", "title", "published_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnlyAdmin):
    list_display = ["name", "key", "audience", "purpose", "project", "is_active"]
    list_filter = ["audience", "purpose", "is_active"]
    search_fields = ["name", "key"]
    inlines = [VersionInline]


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(ReadOnlyAdmin):
    list_display = ["questionnaire", "number", "title", "published_on"]
    inlines = [QuestionInline]
