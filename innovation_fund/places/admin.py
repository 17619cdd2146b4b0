from django.contrib import admin

from .models import BoundarySet, LocalAuthority, Region, StatisticValue


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "gss_code", "dfe_code", "region", "valid_from", "valid_to"]
    list_filter = ["region"]
    search_fields = ["name", "gss_code", "dfe_code"]


@admin.register(BoundarySet)
class BoundarySetAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "resolution", "precedence"]


@admin.register(StatisticValue)
class StatisticValueAdmin(admin.ModelAdmin):
    list_display = ["authority", "year", "measure", "value", "status"]
    list_filter = ["measure", "status", "year"]
    search_fields = ["authority__name"]
    list_select_related = ["authority"]
