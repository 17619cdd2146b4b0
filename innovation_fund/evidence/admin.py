from django.contrib import admin

from innovation_fund.core.admin import ReadOnlyModelAdmin

from .models import Finding, UnitCost


@admin.register(Finding)
class FindingAdmin(ReadOnlyModelAdmin):
    list_display = ["project_label", "outcome", "result", "evidence_rating"]
    search_fields = ["project_label", "outcome"]
    autocomplete_fields = ["project", "innovation", "sources"]


@admin.register(UnitCost)
class UnitCostAdmin(ReadOnlyModelAdmin):
    list_display = ["item", "unit", "cost_pence", "price_year"]
