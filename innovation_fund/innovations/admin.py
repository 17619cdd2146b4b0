from django.contrib import admin

from .models import Adoption, Innovation


class AdoptionInline(admin.TabularInline):
    model = Adoption
    extra = 0
    autocomplete_fields = ["authority", "project"]


@admin.register(Innovation)
class InnovationAdmin(admin.ModelAdmin):
    list_display = ["name", "originator", "origin_year"]
    search_fields = ["name"]
    autocomplete_fields = ["originator", "origin_authority", "sources"]
    inlines = [AdoptionInline]
