from django.contrib import admin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation_type", "org_id", "authority"]
    list_filter = ["organisation_type"]
    search_fields = ["name", "org_id", "charity_number", "company_number"]
    autocomplete_fields = ["authority", "member_authorities", "sources"]
