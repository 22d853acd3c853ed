"""Filling merge fields ("Dear {respondent}") in texts people write themselves."""

import re
from typing import Any


def fill(template: str, **fields: Any) -> str:
    """``template`` with its fields filled; an unknown field stays as typed, so a person's
    slip shows in the preview instead of breaking the page or the email."""
    return template.format_map(_KeepUnknown(fields))


class _KeepUnknown(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def close_gaps(text: str) -> str:
    """``text`` after a field filled with nothing: no blank paragraph, no trailing space and
    no double space left where the field stood."""
    text = re.sub(r"(?<=\S) {2,}(?=\S)", " ", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
