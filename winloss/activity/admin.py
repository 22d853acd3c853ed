from django.contrib import admin

from .models import LogEntry


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """Readable, never editable: the audit trail is append-only."""

    list_display = ["created", "workspace", "actor", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor", "action"]
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
