from django.contrib import admin

from innovation_fund.core.admin import ReadOnlyModelAdmin, ReadOnlyTabularInline

from .models import Announcement, FocusArea, Programme, Round


class FocusAreaInline(ReadOnlyTabularInline):
    model = FocusArea
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "funder_name", "budget_pence"]
    autocomplete_fields = ["sources"]


@admin.register(Round)
class RoundAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "programme", "number", "round_type", "state"]
    inlines = [FocusAreaInline]
    autocomplete_fields = ["sources"]


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "announced_on", "amount_pence"]
    autocomplete_fields = ["projects", "sources"]
