from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from . import schedules
from .models import Job, ScheduledRun


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = [
        "label", "workspace", "status", "done", "total", "created", "heartbeat", "finished"
    ]  # fmt: skip
    list_filter = ["status"]


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    """When each schedule last ran, how it went, and when it runs next. Read only: the workers
    write these rows; ``SCHEDULE`` changes the timings."""

    list_display = [
        "work", "when", "status", "last_started", "last_finished", "summary", "next_run", "worker"
    ]  # fmt: skip
    list_filter = ["status"]

    @admin.display(description="Scheduled work", ordering="name")
    def work(self, run: ScheduledRun) -> str:
        return f"{schedules.label_of(run.name)} ({run.name})"

    @admin.display(description="When")
    def when(self, run: ScheduledRun) -> str:
        schedule = schedules.named(run.name)
        return schedule.when if schedule is not None else "off"

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # A schedule gets its row when a worker first looks at it; until then, say so here.
        known = set(ScheduledRun.objects.values_list("name", flat=True))
        waiting = [s for s in schedules.registered() if s.name not in known]
        return super().changelist_view(request, {**(extra_context or {}), "waiting": waiting})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
