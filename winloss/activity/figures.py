"""Figures worth keeping between page views, never served after their data changed.

Every change in winloss is logged through ``log_action`` inside the change's own transaction;
logging gives the workspace's ``FiguresVersion`` a new token in that transaction. A figure is
cached (Django's cache framework, the "figures" cache: files beside the database, shared by
the worker processes of a machine) under a key holding the token read *before* the figure's
data, the day, and what the figure is of, so the next view after any logged change in the
workspace computes it again, in every process.
"""

import hashlib
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.utils import timezone

from .models import FiguresVersion

T = TypeVar("T")

# Only a bound on memory: a changed token already makes a cached figure unreachable.
TIMEOUT = 60 * 60


def new_version(workspace_id: int) -> None:
    """A new token for the workspace's figures (one upsert; called by ``log_action``)."""
    FiguresVersion.objects.bulk_create(
        [FiguresVersion(workspace_id=workspace_id, token=uuid.uuid4().hex)],
        update_conflicts=True,
        unique_fields=["workspace"],
        update_fields=["token"],
    )


def version_of(workspace_id: int) -> str:
    token = (
        FiguresVersion.objects.filter(workspace_id=workspace_id)
        .values_list("token", flat=True)
        .first()
    )
    return token or "-"


def cached(workspace_id: int, name: str, parts: object, compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned for the same ``name`` and ``parts`` (a repr-able
    value saying what the figure is of: program, filters …) since the workspace last changed,
    today."""
    version = version_of(workspace_id)  # first: data read after it is at least this new
    what = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"figures:{name}:{workspace_id}:{version}:{timezone.localdate().isoformat()}:{what}"
    kept = caches["figures"]
    found = kept.get(key)
    if found is None:
        found = compute()
        kept.set(key, found, TIMEOUT)
    return found
