from django.contrib import admin

from .models import Program


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "status", "window_start", "window_end"]
    list_filter = ["status", "workspace"]
    search_fields = ["name"]
    raw_id_fields = ["owner", "previous_wave"]
