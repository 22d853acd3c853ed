"""Records that freeze: a draft may change, and once approved or published it never does
(an interview guide's version, a codebook's version). Others rely on exactly what such a
record said, so the guard sits in the model and its queryset — ``save``, ``delete`` and the
queryset's ``update``/``delete`` refuse — not only in the forms and services.

A model inherits ``Freezing``, says which stored rows are frozen in ``FROZEN`` and what to tell
the person in ``frozen_error``, and uses ``FreezingQuerySet`` (or a subclass) as its manager.
The rows that belong to such a record (a version's questions) inherit ``FrozenWithParent``,
name the path to it in ``FROZEN_WITH`` and use ``FrozenWithParentQuerySet``: they freeze with it.
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


class FrozenWithParentQuerySet(models.QuerySet):
    """Rows of a ``FrozenWithParent`` model: ``update``/``delete`` refuse once any row's parent
    is frozen, and ``bulk_create`` refuses rows for a frozen parent."""

    def update(self, **kwargs: Any) -> int:
        self._refuse_frozen()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse_frozen()
        return super().delete()

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        objs = list(objs)
        model = cast(type[FrozenWithParent], self.model)
        model.frozen_parent().refuse_if_frozen(any(obj.parent_is_frozen() for obj in objs))
        return super().bulk_create(objs, *args, **kwargs)

    def _refuse_frozen(self) -> None:
        model = cast(type[FrozenWithParent], self.model)
        frozen = self.filter(model.frozen_condition()).exists()
        model.frozen_parent().refuse_if_frozen(frozen)


class FrozenWithParent(models.Model):
    """A row that belongs to a ``Freezing`` record (a version's questions, their waivers): it
    may change only while that record is not frozen. ``FROZEN_WITH`` is the lookup path to the
    record ("guide_version", "question__guide_version"); its ``FROZEN`` decides, and its
    ``frozen_error`` is what the person is told."""

    FROZEN_WITH: ClassVar[str]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.frozen_parent().refuse_if_frozen(self.parent_is_frozen())
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self.frozen_parent().refuse_if_frozen(self.parent_is_frozen())
        return super().delete(*args, **kwargs)

    @classmethod
    def frozen_parent(cls) -> type[Freezing]:
        model: Any = cls
        for name in cls.FROZEN_WITH.split("__"):
            model = model._meta.get_field(name).related_model
        return cast(type[Freezing], model)

    @classmethod
    def frozen_condition(cls) -> Q:
        """The rows whose parent is frozen: the parent's ``FROZEN`` seen from this model."""
        return _through(cls.frozen_parent().FROZEN, cls.FROZEN_WITH)

    def parent_is_frozen(self) -> bool:
        # The parent as stored decides, found from this row's own foreign key: a row not yet
        # saved is checked against the record it is about to join.
        first, _, rest = self.FROZEN_WITH.partition("__")
        field = cast(models.ForeignKey, self._meta.get_field(first))  # the path's first step
        parent_id = getattr(self, field.attname)
        if parent_id is None:
            return False
        condition = self.frozen_parent().FROZEN
        related = cast(type[models.Model], field.related_model)
        return related._base_manager.filter(
            _through(condition, rest) if rest else condition, pk=parent_id
        ).exists()


def _through(condition: Q, path: str) -> Q:
    """``condition`` on a related model, as a condition on this one: Q(status=…) through
    "guide_version" is Q(guide_version__status=…)."""
    children: list[Any] = []
    for child in condition.children:
        if isinstance(child, Q):
            children.append(_through(child, path))
        else:
            lookup, value = cast(tuple[str, Any], child)  # a Q's leaves are (lookup, value)
            children.append((f"{path}__{lookup}", value))
    return Q(*children, _connector=condition.connector, _negated=condition.negated)
