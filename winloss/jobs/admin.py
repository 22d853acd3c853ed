from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["label", "workspace", "status", "done", "total", "created", "finished"]
    list_filter = ["status"]
