"""The one error a service raises when the SOP or the data does not allow what was asked.

Each stage subclasses ``DomainError`` (``SampleError``, ``ReportError`` …) with a message a
person can read. It is turned into an answer in one place per door: on a form
(``errors_on_form``), as a message on the next page (``errors_as_message``), as a command's
one-line error (``errors_as_command_error``), and in the API's exception handler
(``winloss/api.py``), which answers ``status`` with the message.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.contrib import messages
from django.core.management.base import CommandError
from django.db import models
from django.http import HttpRequest


class DomainError(Exception):
    """A change that cannot be made, said for the person who asked."""

    status = 400  # the API's answer; 409 for a lost edit, 404/410 for a link that is gone


class ImportFailed(DomainError):
    """A file as a whole cannot be imported (a CRM file, coded history, a codebook); the message
    says why, for the person importing."""


class StaleEdit(DomainError):
    """Someone else saved first; ``current`` is what is saved now."""

    status = 409

    def __init__(self, current: models.Model) -> None:
        self.current = current
        super().__init__(
            "Someone else saved this while you were editing. Your changes were not saved: "
            "they are still in the form, with the saved version shown beside them. "
            "Review both and save again."
        )


@contextmanager
def errors_on_form(form: forms.BaseForm, field: str | None = None) -> Iterator[None]:
    """Run a service; a ``DomainError`` becomes the form's error (on ``field`` if given), a
    lost edit the conflict view of a form that has one (``show_conflict``). What follows the
    ``with`` block shows the form again, so the success path returns inside it."""
    try:
        yield
    except DomainError as error:
        show_conflict = getattr(form, "show_conflict", None)
        if isinstance(error, StaleEdit) and show_conflict is not None:
            show_conflict(error)
        else:
            form.add_error(field, str(error))


@contextmanager
def errors_as_message(request: HttpRequest, *, stale: str = "") -> Iterator[None]:
    """Run a service; a ``DomainError`` becomes an error message on the next page. ``stale``
    is said instead for a lost edit where there is no form to show it on ("reload")."""
    try:
        yield
    except DomainError as error:
        stale_edit = stale and isinstance(error, StaleEdit)
        messages.error(request, stale if stale_edit else str(error))


@contextmanager
def errors_as_command_error() -> Iterator[None]:
    """Run a service from a ``winloss`` command; a ``DomainError`` becomes the command's
    one-line error and a non-zero exit, never a traceback."""
    try:
        yield
    except DomainError as error:
        raise CommandError(str(error)) from None
