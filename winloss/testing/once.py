"""Rows a module's tests share: built once, before the first of them, and rolled back after the
last. The demo workspace takes seconds to build; tests that read it need not build it each.

A module-scoped fixture builds them inside a transaction that stays open while the module's
tests run. Each test's own transaction (pytest-django's ``db``) is then a savepoint inside it,
so what one test writes is still undone before the next. Tests that need committed rows
(``transactional_db``, ``live_server``) cannot share rows this way. Mark the module with
``pytest.mark.xdist_group`` so that one test worker runs all its tests and builds once.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import transaction

T = TypeVar("T")


@contextmanager
def built_once(django_db_blocker, build: Callable[[], T]) -> Iterator[T]:
    """What ``build`` returns; its rows stay until the ``with`` block ends."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        # Marked as Django's TestCase marks its own, so a durable block inside may still open.
        outer._from_testcase = True  # type: ignore[attr-defined]
        outer.__enter__()
        try:
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
