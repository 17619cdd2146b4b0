from django.contrib import admin

from .models import Project, ProjectArea, ProjectPartner


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0
    autocomplete_fields = ["organisation"]


class ProjectAreaInline(admin.TabularInline):
    model = ProjectArea
    extra = 0
    autocomplete_fields = ["authority"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["__str__", "lead_organisation", "round", "amount_pence", "is_published"]
    list_filter = ["round", "is_published"]
    search_fields = ["name", "lead_organisation__name"]
    list_select_related = ["lead_organisation", "round"]
    autocomplete_fields = ["lead_organisation", "innovation", "scales", "sources"]
    inlines = [ProjectPartnerInline, ProjectAreaInline]
