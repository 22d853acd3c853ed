"""Optimistic locking: an edit states which version it was made on; a stale one is refused.

Every editable model carries ``version`` (``lib.models.Versioned``). Edit forms carry it in a
hidden field; services call ``save_versioned``. When someone else saved first, ``StaleEdit``
stops the write, and the view shows the person their own text beside the saved one — nothing
is overwritten, nothing thrown away.
"""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import F
from django.utils import timezone

from .errors import DomainError, StaleEdit
from .models import Versioned


def posted_number(data: Any, name: str) -> int:
    """A whole number posted without a form class (an id, a version); 0 when it is missing or
    not one (words, signs, other scripts' digits, more digits than a database column holds)."""
    text = str(data.get(name) or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else 0


def posted_version(data: Any, name: str = "version") -> int:
    """The version a plain POST says it was made on. Junk reads as 0, which no saved object
    has: the edit is refused as stale ("reload"), never a 500 nor past the check."""
    return posted_number(data, name)


def save_versioned(obj: Versioned, *, expected_version: int, fields: Iterable[str]) -> None:
    """Write ``fields`` of ``obj`` only if the stored version is still ``expected_version``."""
    model = type(obj)
    values: dict[str, Any] = {}
    for name in fields:
        field = model._meta.get_field(name)
        attname = getattr(field, "attname", name)  # a reverse relation has none
        values[attname] = getattr(obj, attname)
    if any(f.name == "updated" for f in model._meta.concrete_fields):
        values["updated"] = timezone.now()
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if updated == 0:
        raise StaleEdit(model._default_manager.get(pk=obj.pk))
    obj.version = expected_version + 1
    if "updated" in values:
        obj.updated = values["updated"]  # type: ignore[attr-defined]  # Timestamped ones


class ShowsConflicts:
    """For a form whose fields are a versioned model's, with a ``version`` field: a lost edit
    (``errors_on_form`` calls ``show_conflict``) keeps what was typed, moves the form onto the
    saved version, so that saving again works, and lists what differs (``conflict_rows``)."""

    data: Any
    fields: Any
    cleaned_data: dict[str, Any]
    add_error: Any

    def show_conflict(self, error: StaleEdit) -> None:
        data = self.data.copy()  # a QueryDict when bound
        data["version"] = str(error.current.version)  # type: ignore[attr-defined]
        self.data = data
        self.conflict = error.current
        self.add_error(None, str(error))

    def conflict_rows(self) -> list[tuple[Any, Any, Any]]:
        """(label, what you typed, what is saved) for each field that differs."""
        current = getattr(self, "conflict", None)
        if current is None:
            return []
        rows = []
        for name, field in self.fields.items():
            if name == "version" or name not in self.cleaned_data:
                continue
            saved = getattr(current, name, None)
            typed = self.cleaned_data.get(name)
            if _plain(saved) != _plain(typed):
                rows.append((field.label or name, typed, saved))
        return rows


class VersionedForm(ShowsConflicts, forms.ModelForm):
    """A model form that carries the version it was opened on."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return sorted(str(v) for v in value)
    if value in (None, ""):
        return None
    return str(value)


def delete_versioned(obj: Versioned, *, expected_version: int, gone: DomainError) -> None:
    """Delete ``obj`` only if the stored version is still ``expected_version``: a row someone
    changed meanwhile is not deleted unseen (``StaleEdit``), and one already gone says so
    (``gone``)."""
    model = type(obj)
    deleted, _ = model._default_manager.filter(pk=obj.pk, version=expected_version).delete()
    if not deleted:
        current = model._default_manager.filter(pk=obj.pk).first()
        if current is None:
            raise gone
        raise StaleEdit(current)
