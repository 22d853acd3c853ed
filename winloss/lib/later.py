"""A function named by its dotted path, imported the first time it is called.

Stages register scheduled work and signal receivers from their ``AppConfig.ready()``, which
every command and every process runs at start-up. Naming the function instead of importing it
keeps a stage's services (and what they import) out of start-up until the work runs.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Later:
    """Call it as the function at ``path`` ("winloss.crm.sync.sync_enabled_connections")."""

    path: str
    _function: list[Callable[..., Any]] = field(default_factory=list, compare=False, repr=False)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not self._function:
            self._function.append(import_string(self.path))
        return self._function[0](*args, **kwargs)


def later(path: str) -> Later:
    return Later(path)
