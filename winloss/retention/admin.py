from django.contrib import admin

from .models import PurgeRun, RetentionPolicy


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    list_display = ["workspace", "days", "updated", "updated_by"]


@admin.register(PurgeRun)
class PurgeRunAdmin(admin.ModelAdmin):
    # The record of what was purged is evidence: readable here, never edited.
    list_display = ["workspace", "started_at", "actor", "days", "interviews", "excerpts"]
    list_filter = ["workspace"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
