"""Django admin is for looking, never for changing (docs/decisions/0012-history-and-admin.md).

Every record here is changed only through the service's own pages and loaders, which check
permission and write the audit trail in the same transaction. Admin would bypass both, so
every ModelAdmin and inline in the project is read-only: staff can find and read any record in
an emergency, and nobody can add, change or delete one behind the audit trail's back.
"""

from django.contrib import admin

from .models import AuditEvent, DataImport, Source


class ReadOnlyAdminMixin:
    """No adding, changing or deleting; viewing as Django's view permission allows (a
    superuser sees everything)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyModelAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyTabularInline(ReadOnlyAdminMixin, admin.TabularInline):
    pass


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyModelAdmin):
    list_display = ["occurred_at", "actor_label", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_label", "object_id"]
    date_hierarchy = "occurred_at"


@admin.register(Source)
class SourceAdmin(ReadOnlyModelAdmin):
    list_display = ["url", "title"]
    search_fields = ["url", "title"]


@admin.register(DataImport)
class DataImportAdmin(ReadOnlyModelAdmin):
    list_display = ["dataset", "file_name", "imported_at"]
    list_filter = ["dataset"]
