"""Sections later stages add to program health.

Programs come before outreach, surveys and honoraria, so they cannot be imported here; each
registers a section from its ``AppConfig.ready()`` (``section("surveys")(provider)``) and the
health page shows whatever the providers return, as plain tables and sentences.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from winloss.activity.figures import cached

from ..models import Program


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str = ""
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a figure means, or why it is missing
    link: tuple[str, str] | None = None  # (url, label): where the figures are worked on


Provider = Callable[[Program], Section | None]
_providers: dict[str, Provider] = {}


def section(key: str) -> Callable[[Provider], Provider]:
    """Register ``provider(program)`` under ``key`` (again under the same key: replaced)."""

    def register(provider: Provider) -> Provider:
        _providers[key] = provider
        return provider

    return register


def sections_for(program: Program) -> list[Section]:
    """Every registered section with something to say about ``program``, in stage order;
    computed once per change to the workspace's data and day (``activity.figures``)."""
    return cached(
        program.workspace_id,
        "health-sections",
        (program.pk, program.version),
        lambda: _sections_for(program),
    )


def _sections_for(program: Program) -> list[Section]:
    shown = (provider(program) for provider in _providers.values())
    return [s for s in shown if s is not None]
