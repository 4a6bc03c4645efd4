from django.contrib import admin

from stegvis.projects.models import Project, ProjectMunicipality, ProjectPartner, ProjectTarget


class MunicipalityInline(admin.TabularInline):
    model = ProjectMunicipality
    extra = 0


class PartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0


class TargetInline(admin.TabularInline):
    model = ProjectTarget
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "diarienummer", "fund", "owner", "start_date", "end_date"]
    list_filter = ["fund"]
    search_fields = ["name", "diarienummer"]
    inlines = [MunicipalityInline, PartnerInline, TargetInline]
