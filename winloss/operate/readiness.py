"""Is this process ready for traffic? What a load balancer or an orchestrator asks ``/readyz``.

``/healthz`` says the process answers; ``/readyz`` says whether it can do its work: the
database answers, stored files can be written, and how much background work is waiting (a
queue that only grows means no worker is running).
"""

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone


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
    found.checks["storage"] = _storage(Path(settings.MEDIA_ROOT))
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


def _storage(root: Path) -> str:
    # Written and removed at once: a full disk or a read-only mount fails here, not on an upload.
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".readyz-"):
            pass
    except OSError as error:
        return f"stored files cannot be written in {root}: {error.strerror}"
    return "ok"


def _queue() -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = (timezone.now() - oldest) if oldest else dt.timedelta(0)
    return {"waiting": waiting.count(), "oldest_waiting_seconds": int(age.total_seconds())}
