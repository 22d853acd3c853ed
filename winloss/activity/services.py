"""The one way anything in winloss is written to the audit trail."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.contrib.contenttypes.models import ContentType
from django.db import models

from winloss.lib.rows import insert

from .figures import new_version
from .models import LogEntry, LogEntryQuerySet

if TYPE_CHECKING:
    from winloss.accounts.models import User, Workspace

SYSTEM = "system"


def jsonable(value: Any) -> Any:
    """A value as it should be remembered in the log: plain JSON, readable later."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: jsonable(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]}."""
    return {
        name: [before.get(name), after[name]]
        for name in after
        if jsonable(before.get(name)) != jsonable(after[name])
    }


def _workspace_of(obj: models.Model) -> "Workspace | None":
    # The workspace model as the log's own key names it: the log sits below accounts.
    if isinstance(obj, LogEntry._meta.get_field("workspace").related_model):
        return cast("Workspace", obj)
    return getattr(obj, "workspace", None)


def _entry(
    obj: models.Model,
    action: str,
    *,
    user: "User | None",
    actor: str,
    changes: dict[str, list[Any]] | None,
    data: dict[str, Any] | None,
) -> LogEntry:
    return LogEntry(
        workspace=_workspace_of(obj),
        user=user,
        actor=actor or (user.email if user is not None else SYSTEM),
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        action=action,
        changes=jsonable(changes or {}),
        data=jsonable(data or {}),
    )


def log_action(
    obj: models.Model,
    action: str,
    *,
    user: "User | None" = None,
    actor: str = "",
    changes: dict[str, list[Any]] | None = None,
    data: dict[str, Any] | None = None,
) -> LogEntry:
    """Record that ``action`` happened to ``obj``: who, when, what changed from what to what."""
    entry = _entry(obj, action, user=user, actor=actor, changes=changes, data=data)
    # An INSERT written once (``lib.rows``): every logged change pays for this one, and the
    # entry is new, so the append-only guard in ``LogEntry.save`` has nothing to refuse.
    insert(entry)
    if entry.workspace_id is not None:
        new_version(entry.workspace_id)
    return entry


def log_actions(
    done: Iterable[tuple[models.Model, dict[str, Any]]], action: str, *, user: "User | None" = None
) -> None:
    """``log_action`` for many objects at once (one INSERT): ``done`` is (object, data) pairs."""
    entries = LogEntry.objects.bulk_create(
        [_entry(obj, action, user=user, actor="", changes=None, data=data) for obj, data in done]
    )
    for workspace_id in {e.workspace_id for e in entries if e.workspace_id is not None}:
        new_version(workspace_id)


RESPONDENT = "the respondent"


def respondent_actor(contact: Any) -> str:
    """How the history names a respondent acting through their link (they have no account):
    one spelling, so forgetting them finds every entry (``unname_respondent``)."""
    return f"{contact.name} (respondent)" if contact is not None else RESPONDENT


def unname_respondent(workspace: "Workspace", contact: Any) -> int:
    """The entries a respondent did themselves (consented, answered, declined) keep what was
    done and when, no longer by whom; how many. Part of forgetting them."""
    plain: models.QuerySet[LogEntry] = models.QuerySet(LogEntry)  # past the append-only guard
    return plain.filter(workspace=workspace, actor=respondent_actor(contact)).update(
        actor=RESPONDENT
    )


def remove_words(
    entries: LogEntryQuerySet,
    *,
    on: models.Model,
    named: models.Q | None = None,
    user: "User | None" = None,
    actor: str = "",
) -> int:
    """The one change the log allows: blank the words these entries quote (their ``data``
    under ``WORD_KEYS``; for those also matching ``named``, every changed value and the
    object's name, which held a person's or their words) and keep who did what, when.
    Records itself on ``on``, without the words; how many entries changed."""
    names = set(entries.filter(named).values_list("pk", flat=True)) if named else set()
    changed = [entry for entry in entries if entry._remove_words(names=entry.pk in names)]
    # Past the append-only guard on purpose: this is the sanctioned redaction.
    plain: models.QuerySet[LogEntry] = models.QuerySet(LogEntry)
    plain.bulk_update(changed, ["data", "changes", "object_repr"], batch_size=500)
    if changed:
        log_action(on, "log.words_removed", user=user, actor=actor, data={"entries": len(changed)})
    return len(changed)
