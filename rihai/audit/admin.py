from django.contrib import admin

from .models import AuditLog


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: the audit log can be searched here but never edited."""

    list_display = (
        "id",
        "event_time",
        "event",
        "acting_username",
        "object_type",
        "object_id",
        "interface",
        "key_id",
    )
    list_filter = ("event", "interface")
    search_fields = ("acting_username", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
