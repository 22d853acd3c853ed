"""Turns log codes into sentences: the one table that says what each action means, filled by
each stage's ``sentences.py``.

Pages show entries through ``shown_entries``, for the reader's role: what the record's own
pages hide from that role (``accounts.visibility``) is withheld here too.
"""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

from winloss.accounts.visibility import (
    WITHHELD,
    hidden_fields,
    reads_evidence,
    visible_log_values,
)

if TYPE_CHECKING:
    from .models import LogEntry

# Actors that are no person outside the team: the system and the command line.
_TEAM_ACTORS = frozenset({"system", "cli"})

# Every stage's sentences, gathered at start-up from its ``sentences.py`` (``gather``), so a
# stage keeps the words for the codes it writes, as it keeps its templates.
SENTENCES: dict[str, str] = {}
_WRITTEN_BY: dict[str, str] = {}
CODE_FORM = re.compile(r"[a-z][a-z_]*\.[a-z][a-z_]*")  # thing.verb


def register(app_label: str, sentences: dict[str, str]) -> None:
    """Add one stage's sentences. A code is ``thing.verb`` and has one sentence, from one stage."""
    for code, sentence in sentences.items():
        if not CODE_FORM.fullmatch(code):
            raise ImproperlyConfigured(f"{app_label}: the log code {code!r} is not thing.verb.")
        if _WRITTEN_BY.setdefault(code, app_label) != app_label:
            raise ImproperlyConfigured(
                f"The log code {code} has a sentence in {_WRITTEN_BY[code]} and in {app_label}."
            )
        SENTENCES[code] = sentence


def gather() -> None:
    """Register the ``SENTENCES`` of every installed app that has a ``sentences.py``."""
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "sentences"):
            register(config.label, import_module(f"{config.name}.sentences").SENTENCES)


def _fmt(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _actor(entry: "LogEntry", role: str | None) -> str:
    # Someone without an account (a respondent answering through their link) is a person
    # outside the team: named only to those who read the evidence.
    outsider = entry.user_id is None and entry.actor not in _TEAM_ACTORS
    if role is not None and outsider and not reads_evidence(role):
        return WITHHELD["actor"]
    return entry.actor


def describe(entry: "LogEntry", role: str | None = None) -> str:
    """The entry as a sentence; for ``role`` when given (a page's reader), in full otherwise
    (the admin and tests)."""
    template = SENTENCES.get(
        entry.action, "{actor}: " + entry.action.replace("_", " ") + " {object}"
    )
    data = entry.data if role is None else visible_log_values(role, entry.data)
    fields = {"actor": _actor(entry, role), "object": entry.object_repr, **data}
    try:
        sentence = template.format_map(_Missing(fields))  # '(key?)' marks a missing value
    except (ValueError, IndexError):
        sentence = f"{fields['actor']}: {entry.action} {entry.object_repr}"
    return sentence + "."


def describe_changes(entry: "LogEntry", role: str | None = None) -> list[tuple[str, str, str]]:
    """(field label, old, new) rows for the history view, in the words of the forms: field
    names as labelled, choice codes as their labels ("quarterly" → "Quarterly"). For ``role``,
    without the fields its pages hide, and with no values at all for a role that does not
    read the evidence, unless the record is one it opens (a program's scope)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.exceptions import FieldDoesNotExist
    from django.db.models import Field

    content_type = ContentType.objects.get_for_id(entry.content_type_id)
    # None for a model no longer installed: its entries still read, in the field names.
    model = content_type.model_class()
    # Models name the choices of their list fields (Program.deal_types → Outcome).
    list_choices = getattr(model, "LOG_CHOICES", {})
    hidden: frozenset[str] = frozenset()
    if role is not None:
        model_label = f"{content_type.app_label}.{content_type.model}"
        if not reads_evidence(role) and model_label not in _OPEN_TO_ALL:
            return []
        hidden = hidden_fields(role, model_label)
    rows = []
    for name, (old, new) in entry.changes.items():
        if name in hidden:
            continue
        label, choices = name.replace("_", " "), dict(list_choices.get(name, ()))
        try:
            field = model._meta.get_field(name) if model is not None else None
        except FieldDoesNotExist:
            field = None
        # A reverse relation has no label or choices of its own.
        if isinstance(field, Field):
            label = str(field.verbose_name)
            choices = choices or dict(field.flatchoices)
        rows.append(
            (label[:1].upper() + label[1:], _fmt(_label(old, choices)), _fmt(_label(new, choices)))
        )
    return rows


def _label(value: Any, choices: dict) -> Any:
    if not choices:
        return value
    if isinstance(value, list):
        return [str(choices.get(v, v)) for v in value]
    return str(choices.get(value, value))


# Records every member opens (their pages need only ``Cap.VIEW``): their changes are shown to
# all, less the fields ``HIDDEN_FIELDS`` keeps from a role.
_OPEN_TO_ALL = frozenset({"programs.program", "accounts.workspace"})


@dataclass(frozen=True)
class Shown:
    """A log entry as one reader may read it."""

    created: dt.datetime
    sentence: str
    change_rows: list[tuple[str, str, str]]


def shown_entries(entries: Iterable["LogEntry"], *, role: str) -> list[Shown]:
    """The entries of a history or log page, for a reader with ``role``: every page that
    shows log entries goes through here."""
    return [
        Shown(entry.created, describe(entry, role), describe_changes(entry, role))
        for entry in entries
    ]


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return f"({key}?)"
