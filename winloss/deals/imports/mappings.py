"""Column mappings saved under a name, so next month's export imports the same way."""

from django.db import transaction

from winloss.activity.services import log_action
from winloss.deals.models import SavedMapping

from .errors import ImportFailed
from .formats import FIELDS


def saved_columns(*, workspace, name: str) -> dict[str, str]:
    """The columns of the workspace's mapping called ``name`` (any case)."""
    mapping = SavedMapping.objects.filter(workspace=workspace, name__iexact=name).first()
    if mapping is None:
        names = list(
            SavedMapping.objects.filter(workspace=workspace).values_list("name", flat=True)
        )
        known = f" Saved mappings: {', '.join(names)}." if names else " None is saved yet."
        raise ImportFailed(f"There is no saved mapping called {name!r}.{known}")
    return dict(mapping.columns)


@transaction.atomic
def save_mapping(*, workspace, user, name: str, columns: dict[str, str]) -> SavedMapping:
    """Keep ``columns`` (header -> deal field, "" to skip) under ``name``, replacing one of
    the same name."""
    name = name.strip()
    if not name:
        raise ImportFailed("A saved mapping needs a name.")
    unknown = sorted({f for f in columns.values() if f and f not in FIELDS})
    if unknown:
        raise ImportFailed(f"Not deal fields: {', '.join(unknown)}. Fields: {', '.join(FIELDS)}.")
    mapping = SavedMapping.objects.filter(workspace=workspace, name__iexact=name).first()
    if mapping is None:
        mapping = SavedMapping.objects.create(
            workspace=workspace, name=name, columns=columns, created_by=user
        )
        log_action(mapping, "mapping.saved", user=user, data={"name": name})
    elif mapping.columns != columns:
        before = mapping.columns
        mapping.columns = columns
        mapping.save(update_fields=["columns"])
        log_action(mapping, "mapping.saved", user=user, changes={"columns": [before, columns]},
                   data={"name": name})  # fmt: skip
    return mapping
