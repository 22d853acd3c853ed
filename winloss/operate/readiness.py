"""Is this process ready for traffic? What a load balancer or an orchestrator asks ``/readyz``.

``/healthz`` says the process answers; ``/readyz`` says whether it can do its work: the
database answers, stored files can be written, and how much background work is waiting (a
queue that only grows means no worker is running).
"""

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.utils import timezone

from winloss.lib.files import storage_failures, where


@dataclass
class Readiness:
    checks: dict[str, str] = field(default_factory=dict)  # name -> "ok" or what is wrong
    queue: dict[str, Any] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return all(value == "ok" for value in self.checks.values())

    def as_json(self) -> dict[str, Any]:
        status = "ready" if self.ready else "not ready"
        return {"status": status, "checks": self.checks, "queue": self.queue}


def readiness() -> Readiness:
    found = Readiness()
    found.checks["database"] = _database()
    found.checks["storage"] = _storage()
    if found.checks["database"] == "ok":
        found.queue = _queue()
    return found


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return f"the database does not answer: {error}".strip()
    return "ok"


def _storage() -> str:
    # Written and removed at once through the file storage (a folder or a bucket): a full
    # disk, a read-only mount or a bucket refusing these credentials fails here, not on an
    # upload.
    try:
        probe = default_storage.save(f".readyz-{secrets.token_hex(8)}", ContentFile(b""))
        default_storage.delete(probe)
    except storage_failures() as error:
        reason = getattr(error, "strerror", None) or str(error)
        return f"stored files cannot be written in {where()}: {reason}"
    return "ok"


def _queue() -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = (timezone.now() - oldest) if oldest else dt.timedelta(0)
    return {"waiting": waiting.count(), "oldest_waiting_seconds": int(age.total_seconds())}
