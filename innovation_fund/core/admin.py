from django.contrib import admin

from .models import AuditEvent, DataImport, Source


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "actor_label", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_label", "object_id"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["url", "title"]
    search_fields = ["url", "title"]


@admin.register(DataImport)
class DataImportAdmin(admin.ModelAdmin):
    list_display = ["dataset", "file_name", "imported_at"]
    list_filter = ["dataset"]
    readonly_fields = ["dataset", "file_name", "file_sha256", "imported_at", "summary"]
