from django.contrib import admin

from .models import Announcement, FocusArea, Programme, Round


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "funder_name", "budget_pence"]
    autocomplete_fields = ["sources"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "number", "round_type"]
    inlines = [FocusAreaInline]
    autocomplete_fields = ["sources"]


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "announced_on", "amount_pence"]
    autocomplete_fields = ["projects", "sources"]
