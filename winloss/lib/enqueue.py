"""Queueing a task when the transaction that asked for it commits."""

from typing import Any

from django.db import transaction


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Queue ``task`` once the current transaction commits, so the worker never reads rows
    that are not there yet, and nothing is sent for work that was rolled back."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
