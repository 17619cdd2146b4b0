from django.contrib import admin

from innovation_fund.core.admin import ReadOnlyModelAdmin, ReadOnlyTabularInline

from .models import Adoption, Innovation


class AdoptionInline(ReadOnlyTabularInline):
    model = Adoption
    extra = 0
    autocomplete_fields = ["authority", "project"]


@admin.register(Innovation)
class InnovationAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "originator", "origin_year"]
    search_fields = ["name"]
    autocomplete_fields = ["originator", "origin_authority", "sources"]
    inlines = [AdoptionInline]
