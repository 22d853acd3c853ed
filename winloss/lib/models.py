"""The fields every editable record shares, declared once.

``Versioned`` carries the optimistic-locking counter that ``concurrency.save_versioned``
checks and bumps; ``Timestamped`` the moments a record was made and last saved. Abstract: each
model keeps its own table, and the columns are the ones each declared before.
"""

from django.db import models


class Versioned(models.Model):
    """Edited through ``save_versioned``: a stale edit is refused, never saved over."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Timestamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Tracked(Versioned, Timestamped):
    """Both: the usual shape of a record people edit."""

    class Meta:
        abstract = True
