"""What every sample change shares: its error, the standing draw, a versioned transition."""

from typing import Any

from winloss.lib.concurrency import save_versioned
from winloss.lib.errors import DomainError

from ..models import Program, SampleDraw, SampleEntry


class SampleError(DomainError):
    """A sample change that cannot be made, said for the person who asked."""


def current_draw(program: Program) -> SampleDraw | None:
    return program.draws.filter(discarded_at__isnull=True).first()


def transition(entry: SampleEntry, expected_version: int, **fields: Any) -> None:
    """Change an entry's fields only if nobody changed it since ``expected_version``."""
    for name, value in fields.items():
        setattr(entry, name, value)
    save_versioned(entry, expected_version=expected_version, fields=fields)
