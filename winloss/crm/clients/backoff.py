"""Trying a CRM call again when the CRM is busy: 429 and 5xx answers, and failed connections.

Each wait doubles (1, 2, 4 … seconds, at most a minute) unless the CRM's ``Retry-After`` says
how long; after ``CRM_SYNC_ATTEMPTS`` tries the run fails with the CRM's last answer. Other
answers (a refused token, a malformed query) are not retried: trying again changes nothing.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.conf import settings

from . import CrmError

T = TypeVar("T")
LONGEST_WAIT = 60.0
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


class Busy(Exception):
    """A call worth trying again; ``retry_after`` in seconds when the CRM said."""

    def __init__(self, said: str, retry_after: float | None = None) -> None:
        super().__init__(said)
        self.said = said
        self.retry_after = retry_after


def retry_after(value: str | None) -> float | None:
    """Retry-After as seconds (the CRMs send a number; a date form is treated as unknown)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


@dataclass
class Backoff:
    attempts: int = field(default_factory=lambda: settings.CRM_SYNC_ATTEMPTS)
    sleep: Callable[[float], None] = time.sleep
    retries: int = 0  # over the whole run, shown on the sync page

    def run(self, what: str, call: Callable[[], T]) -> T:
        for attempt in range(1, self.attempts + 1):
            try:
                return call()
            except Busy as busy:
                if attempt == self.attempts:
                    raise CrmError(
                        f"{what} failed {self.attempts} times; the last answer was: {busy.said}. "
                        "The next sync tries again."
                    ) from None
                self.retries += 1
                wait = busy.retry_after if busy.retry_after is not None else 2.0 ** (attempt - 1)
                self.sleep(min(wait, LONGEST_WAIT))
        raise AssertionError("unreachable")  # the loop returns or raises
