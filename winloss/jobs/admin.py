from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = [
        "label", "workspace", "status", "done", "total", "created", "heartbeat", "finished"
    ]  # fmt: skip
    list_filter = ["status"]
