"""Prometheus metrics: request and task latencies, and the background queue, at ``/metrics``.

Imported only when ``METRICS_TOKEN`` is set (prometheus_client costs every process its import).
Under gunicorn each worker process keeps its own counts; with ``PROMETHEUS_MULTIPROC_DIR`` set
(a folder shared by the app's and the task workers' processes on one machine) every process
writes its counts there and a scrape of any of them adds them all up (docs/deploy.md).
The queue's gauges are read from the database at each scrape, so they are the same whichever
process answers.
"""

import logging
import os
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus
from django_tasks_db.models import DBTaskResult
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric

logger = logging.getLogger(__name__)

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUESTS = Histogram(
    "winloss_http_request_duration_seconds",
    "Time to answer a request, by view, method and status; its _count counts requests.",
    ["view", "method", "status"],
)
TASKS = Histogram(
    "winloss_task_duration_seconds",
    "Time a background task ran, by task and outcome.",
    ["task", "status"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, float("inf")),
)
TASK_WAITS = Histogram(
    "winloss_task_wait_seconds",
    "Time a background task waited in the queue before a worker started it.",
    ["task"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, float("inf")),
)


def observe_request(request: HttpRequest, response: HttpResponse, seconds: float) -> None:
    match = request.resolver_match
    if match is not None:
        view = match.view_name or "unnamed"
    else:
        view = "static" if request.path.startswith(settings.STATIC_URL) else "unresolved"
    # Labels from a bounded set only: a made-up method must not make a new series.
    method = request.method if request.method in METHODS else "other"
    REQUESTS.labels(view, method, str(response.status_code)).observe(seconds)


def observe_task(task_result: TaskResult) -> None:
    task = task_result.task.module_path
    started, finished = task_result.started_at, task_result.finished_at
    if started is None or finished is None:  # failed before it started (an unknown task)
        return
    TASKS.labels(task, str(task_result.status).lower()).observe(
        (finished - started).total_seconds()
    )
    if task_result.enqueued_at is not None:
        TASK_WAITS.labels(task).observe((started - task_result.enqueued_at).total_seconds())


class QueueCollector:
    """The background queue, counted at each scrape (a few indexed counts)."""

    def collect(self) -> Iterator[Metric]:
        try:
            waiting = DBTaskResult.objects.ready()
            count = waiting.count()
            oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
            running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count()
        except DatabaseError as error:
            # The requests' figures are still worth a scrape; /readyz says what is wrong.
            logger.warning("Metrics: the queue could not be counted: %s", error)
            return
        age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
        yield GaugeMetricFamily(
            "winloss_tasks_waiting", "Background tasks ready to run, waiting for a worker.", count
        )
        yield GaugeMetricFamily(
            "winloss_tasks_running", "Background tasks a worker is running.", running
        )
        yield GaugeMetricFamily(
            "winloss_task_oldest_waiting_seconds",
            "How long the task waiting longest has waited (0 with none waiting).",
            age,
        )


def exposition() -> tuple[bytes, str]:
    """The text a scrape gets, and its content type."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)  # every process's files, added up
    else:
        registry.register(REGISTRY)  # this process's own, with its CPU and memory
    registry.register(QueueCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST
