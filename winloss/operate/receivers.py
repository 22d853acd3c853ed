"""Background tasks in the logs and the metrics: what runs when one is queued, starts, ends.

A task queued while serving a request is logged with that request's id and the task's id;
every line the task then writes, in a worker, carries the task's id (and, run inline, the
request's too): the two ids join a request to the work it started.
"""

import logging
from typing import Any

from django.conf import settings
from django_tasks import TaskResult

from .logs import LogContext, bind, current, unbind

logger = logging.getLogger("winloss.tasks")

_bindings: dict[str, Any] = {}  # a running task's id -> the token to restore the context


def task_enqueued(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    path = task_result.task.module_path
    task_id = str(task_result.id)
    logger.info(
        "Task queued: %s (task %s)", path, task_id, extra={"task_id": task_id, "task": path}
    )


def task_started(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    outer = current()  # a request, when the task runs inline
    context = LogContext(
        request=outer.request if outer else None,
        request_id=outer.request_id if outer else None,
        task_id=str(task_result.id),
        task=task_result.task.module_path,
    )
    _bindings[str(task_result.id)] = bind(context)


def task_finished(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    token = _bindings.pop(str(task_result.id), None)
    if token is not None:  # None: the task failed before it started (an unknown task)
        unbind(token)


def observe_task(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    if not settings.METRICS_TOKEN:
        return
    # Only with metrics on, and then with the first task: prometheus_client costs its import.
    from .metrics import observe_task

    observe_task(task_result)
