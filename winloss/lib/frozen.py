"""Records that freeze: a draft may change, and once approved or published it never does
(an interview guide's version, a codebook's version). Others rely on exactly what such a
record said, so the guard sits in the model and its queryset — ``save``, ``delete`` and the
queryset's ``update``/``delete`` refuse — not only in the forms and services.

A model inherits ``Freezing``, says which stored rows are frozen in ``FROZEN`` and what to tell
the person in ``frozen_error``, and uses ``FreezingQuerySet`` (or a subclass) as its manager.
"""

from typing import Any, ClassVar, cast

from django.db import models
from django.db.models import Q

from .errors import DomainError


class FreezingQuerySet(models.QuerySet):
    # Freezing a draft is an update of draft rows, so it passes; nothing may touch a frozen row.
    def update(self, **kwargs: Any) -> int:
        self._refuse_frozen()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse_frozen()
        return super().delete()

    def _refuse_frozen(self) -> None:
        model = cast(type[Freezing], self.model)  # a queryset of a Freezing model
        model.refuse_if_frozen(self.filter(model.FROZEN).exists())


class Freezing(models.Model):
    """A record that may no longer change once its stored row matches ``FROZEN``."""

    FROZEN: ClassVar[Q]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refuse_if_frozen(self.is_stored_frozen())
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self.refuse_if_frozen(self.is_stored_frozen())
        return super().delete(*args, **kwargs)

    @classmethod
    def frozen_error(cls) -> DomainError:
        raise NotImplementedError

    @classmethod
    def refuse_if_frozen(cls, frozen: bool) -> None:
        if frozen:
            raise cls.frozen_error()

    def is_stored_frozen(self) -> bool:
        # The stored row decides, not this copy: freezing a draft saves it once more.
        if self.pk is None:
            return False
        return type(self)._default_manager.filter(self.FROZEN, pk=self.pk).exists()
