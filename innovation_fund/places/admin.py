from django.contrib import admin

from innovation_fund.core.admin import ReadOnlyModelAdmin

from .models import BoundarySet, LocalAuthority, Region, StatisticValue


@admin.register(Region)
class RegionAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "code"]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "gss_code", "dfe_code", "region", "valid_from", "valid_to"]
    list_filter = ["region"]
    search_fields = ["name", "gss_code", "dfe_code"]


@admin.register(BoundarySet)
class BoundarySetAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "key", "resolution", "precedence"]


@admin.register(StatisticValue)
class StatisticValueAdmin(ReadOnlyModelAdmin):
    list_display = ["authority", "year", "measure", "value", "status"]
    list_filter = ["measure", "status", "year"]
    search_fields = ["authority__name"]
    list_select_related = ["authority"]
