"""Filling merge fields ("Dear {respondent}") in texts people write themselves."""

from typing import Any


def fill(template: str, **fields: Any) -> str:
    """``template`` with its fields filled; an unknown field stays as typed, so a person's
    slip shows in the preview instead of breaking the page or the email."""
    return template.format_map(_KeepUnknown(fields))


class _KeepUnknown(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
