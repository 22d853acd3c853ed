"""Trying a CRM call again when the CRM is busy: 429 and 5xx answers, and failed connections.

urllib3's ``Retry`` does the trying, inside each client's connection pool (HubSpot's client
takes it as ``retry``; simple-salesforce's ``requests`` session mounts an ``HTTPAdapter`` with
it): it waits as long as the CRM's ``Retry-After`` asks, else backs off exponentially (the first
retry at once, then 1, 2, 4 … seconds, at most a minute), and after ``CRM_SYNC_ATTEMPTS`` tries
hands back the CRM's last answer, which the reader turns into a sentence (``gave_up``). Other
answers (a refused token, a malformed query) are not retried: trying again changes nothing.

``Backoff`` is what a run shares with its client: the number of tries, the sleep (a test's
list of waits instead of time passing) and the count of retries shown on the sync page.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings

from . import CrmError

if TYPE_CHECKING:
    from urllib3.util.retry import Retry

LONGEST_WAIT = 60.0
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass
class Backoff:
    attempts: int = field(default_factory=lambda: settings.CRM_SYNC_ATTEMPTS)
    sleep: Callable[[float], None] = time.sleep
    retries: int = 0  # over the whole run, shown on the sync page

    def retry(self) -> "Retry":
        """The ``Retry`` for a client's connection pool, counting into this backoff."""
        from urllib3.util.retry import Retry

        backoff = self

        class CountedRetry(Retry):
            # urllib3 makes a new Retry per try with ``type(self)(…)``: the count and the
            # sleep live on the backoff, not on the instance.
            def increment(self, *args: Any, **kwargs: Any) -> "CountedRetry":
                following = super().increment(*args, **kwargs)  # raises once spent
                backoff.retries += 1
                return following

            def sleep(self, response: Any = None) -> None:
                asked = self.get_retry_after(response) if response is not None else None
                wait = asked if asked is not None else self.get_backoff_time()
                backoff.sleep(min(wait, LONGEST_WAIT))

        return CountedRetry(
            total=max(self.attempts - 1, 0),
            status_forcelist=RETRIED_STATUSES,
            allowed_methods=None,  # HubSpot's search is a POST that only reads
            backoff_factor=0.5,
            backoff_max=LONGEST_WAIT,
            raise_on_status=False,  # the last answer comes back, for the sentence
            respect_retry_after_header=True,
        )

    def gave_up(self, what: str, said: object) -> CrmError:
        return CrmError(
            f"{what} failed {self.attempts} times; the last answer was: {said}. The next sync "
            "tries again."
        )
