from django.contrib import admin

from innovation_fund.core.admin import ReadOnlyModelAdmin, ReadOnlyTabularInline

from .models import Project, ProjectArea, ProjectPartner


class ProjectPartnerInline(ReadOnlyTabularInline):
    model = ProjectPartner
    extra = 0
    autocomplete_fields = ["organisation"]


class ProjectAreaInline(ReadOnlyTabularInline):
    model = ProjectArea
    extra = 0
    autocomplete_fields = ["authority"]


@admin.register(Project)
class ProjectAdmin(ReadOnlyModelAdmin):
    list_display = ["__str__", "lead_organisation", "round", "amount_pence", "is_published"]
    list_filter = ["round", "is_published"]
    search_fields = ["name", "lead_organisation__name"]
    list_select_related = ["lead_organisation", "round"]
    autocomplete_fields = ["lead_organisation", "innovation", "scales", "sources"]
    inlines = [ProjectPartnerInline, ProjectAreaInline]
