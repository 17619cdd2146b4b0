from django.contrib import admin

from .models import Finding, UnitCost


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["project_label", "outcome", "result", "evidence_rating"]
    search_fields = ["project_label", "outcome"]
    autocomplete_fields = ["project", "innovation", "sources"]


@admin.register(UnitCost)
class UnitCostAdmin(admin.ModelAdmin):
    list_display = ["item", "unit", "cost_pence", "price_year"]
