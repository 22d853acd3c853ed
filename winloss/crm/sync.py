"""Syncing a workspace's CRM: changed records in, through the deal imports, one run at a time.

The CRM's records become the rows the imports already check and save (``deals.imports``): the
accounts as an accounts file, the opportunities or deals as a deal file, their competitors and
contact roles as the companion files. So a synced deal meets the same checks, with the same
messages, the same upserts by CRM id and the same history entries as an imported one. A run is
one batch, all or nothing: when any record has an error, nothing of the run is kept, the errors
name each record and field, and the cursor stays where it was, so the next run asks again.

A dry run does everything in a transaction it then rolls back: its counts are those a real run
would give, competitors and contacts of deals not saved yet included.
"""

import datetime as dt
import logging
import time
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from winloss.activity.services import log_action
from winloss.deals.imports import ImportFailed, ImportResult, import_deals
from winloss.deals.imports.enrich import enrich
from winloss.deals.models import Account, Deal
from winloss.lib.tables.reading import values_table

from . import triggers
from .clients import CrmError, Fetched, Records
from .clients.backoff import Backoff
from .clients.readers import reader_for
from .models import CrmConnection, CrmKind, SyncRun, SyncStatus
from .secrets import SecretUnavailable, decrypt, encrypt

logger = logging.getLogger(__name__)

ACCOUNT_HEADERS = ["Id", "Name", "Industry", "BillingCountry", "AnnualRevenue", "NumberOfEmployees"]
COMPETITOR_HEADERS = ["OpportunityId", "CompetitorName"]
CONTACT_HEADERS = [
    "OpportunityId", "ContactId", "Contact.FirstName", "Contact.LastName", "Contact.Email",
    "Contact.Title", "Contact.Phone", "Role", "IsPrimary",
]  # fmt: skip
OBJECTS = ("accounts", "deals", "competitors", "contacts")
# A run still "running" after this long lost its worker; another may start.
RUN_STALE_AFTER = dt.timedelta(hours=1)
UNEXPECTED = (
    "An unexpected error stopped this sync; the details are in the server log. The next sync "
    "tries again."
)


class SyncFailed(CrmError):
    """A sync that cannot start (no secret, one already running)."""


def sync_connection(
    *,
    connection: CrmConnection,
    trigger: str,
    user=None,
    dry_run: bool = False,
    since: dt.datetime | None = None,
    crm_ids: list[str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> SyncRun:
    """One sync of ``connection``: records changed since ``since`` (else the cursor) are read
    and saved; the run, with its counts or its errors, is returned and kept for the sync page.

    With ``crm_ids`` (the deals a CRM's call named) only those deals are read, with their
    accounts, contacts and competitors, through the same checks; the cursor stays where it
    is, since the rest of the CRM was not read."""
    running = SyncRun.objects.filter(
        connection=connection,
        status=SyncStatus.RUNNING,
        dry_run=False,
        started__gt=timezone.now() - RUN_STALE_AFTER,
    )
    if not dry_run and running.exists():
        raise SyncFailed("A sync of this CRM is already running; wait for it to finish.")
    run = SyncRun.objects.create(
        workspace=connection.workspace,
        connection=connection,
        kind=connection.kind,
        started=timezone.now(),
        dry_run=dry_run,
        trigger=trigger[:40],
        user=user,
        since=None if crm_ids else since or connection.cursor,
        deal_ids=sorted(set(crm_ids or [])),
    )
    backoff = Backoff(sleep=sleep)
    try:
        if not connection.secret_encrypted:
            raise SyncFailed("The connection has no secret saved: enter it on the CRM sync page.")
        reader = reader_for(connection, decrypt(connection.secret_encrypted), backoff)
        fetched = reader.fetch_deals(run.deal_ids) if run.deal_ids else reader.fetch(run.since)
        read_ids = [str(row.get(fetched.deals.id_field)) for row in fetched.deals.rows]
        with transaction.atomic():
            closed_before = triggers.closed_deal_ids(connection.workspace, read_ids)
            stopped = _save(connection, fetched, run, user=user)
            if not stopped:
                _deleted_and_restored(connection, fetched, read_ids, run)
            if dry_run or stopped:
                transaction.set_rollback(True)
            else:  # the deals this run closed may enter a sample (``triggers``)
                triggers.deals_closed_in_run(connection.workspace, read_ids, closed_before)
    except (CrmError, SecretUnavailable, ImportFailed) as error:
        run.status, run.error = SyncStatus.FAILED, str(error)
    except Exception:
        # A library's own failure, or ours: never a traceback on the page, always in the log.
        logger.exception("CRM sync %s of workspace %s failed", run.pk, connection.workspace_id)
        run.status, run.error = SyncStatus.FAILED, UNEXPECTED
    else:
        run.status = SyncStatus.REJECTED if stopped else SyncStatus.SUCCEEDED
        if not stopped and not run.deal_ids:
            # Only forward: a run asked for an earlier --since does not make the next one
            # read everything since then again.
            seen = [m for m in (fetched.newest, run.since, connection.cursor) if m is not None]
            run.cursor = max(seen) if seen else None
            if not dry_run and run.cursor != connection.cursor:
                connection.cursor = run.cursor
                CrmConnection.objects.filter(pk=connection.pk).update(cursor=run.cursor)
    run.retries = backoff.retries
    run.finished = timezone.now()
    run.save()
    return run


def _save(connection: CrmConnection, fetched: Fetched, run: SyncRun, *, user) -> bool:
    """Each object's rows through the imports, in the order they refer to each other; True
    when one was stopped by errors (the caller then rolls the run back)."""
    workspace = connection.workspace
    crm = CrmKind(connection.kind).label
    common = {
        "workspace": workspace,
        "user": user,
        "actor": "" if user else f"{crm} sync",
        "file_name": f"the {crm} sync",
    }
    deal_headers = list(fetched.deal_columns)
    _name_accounts(workspace, fetched)
    batches: list[tuple[str, Records, list[str], Callable[..., ImportResult]]] = [
        ("accounts", fetched.accounts, ACCOUNT_HEADERS, _enrich("accounts")),
        ("deals", fetched.deals, deal_headers, _deals(connection.kind, fetched.deal_columns)),
        ("competitors", fetched.competitors, COMPETITOR_HEADERS, _enrich("competitors")),
        ("contacts", fetched.contacts, CONTACT_HEADERS, _enrich("contacts")),
    ]
    for name, records, headers, save in batches:
        run.counts[name] = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
        if not records.rows:
            continue
        table = values_table(headers, [[row.get(h) for h in headers] for row in records.rows])
        result = save(source=table, **common)
        run.notes += [f"{records.label}: {note}" for note in result.warnings]
        run.counts[name] = {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rejected": result.rejected,
        }
        if result.stopped:
            run.errors = [_named(error, records) for error in result.errors]
            return True
    return False


def _deleted_and_restored(
    connection: CrmConnection, fetched: Fetched, read_ids: list[str], run: SyncRun
) -> None:
    """Mark the deals the CRM deleted, and unmark those it restored (read again this run).

    A deleted deal is never removed here: it may be in a sample or interviewed, and what a
    buyer said outlives the CRM record. It stays, marked and shown as deleted, and
    ``programs.sampling.eligibility`` keeps it out of later draws."""
    workspace, crm = connection.workspace, CrmKind(connection.kind).label
    now = timezone.now()
    actor = f"{crm} sync"
    deals = Deal.objects.filter(workspace=workspace)
    deleted = deals.filter(crm_id__in=fetched.deleted, crm_deleted_at__isnull=True)
    for deal in deleted.order_by("name"):
        log_action(deal, "crm.deal_deleted", actor=actor, data={"deal": deal.name, "crm": crm})
        run.notes.append(f"{fetched.deals.label} {deal.crm_id} ({deal.name}) was deleted in {crm}.")
    deleted.update(crm_deleted_at=now)
    restored = deals.filter(crm_id__in=read_ids, crm_deleted_at__isnull=False).exclude(
        crm_id__in=fetched.deleted
    )
    for deal in restored.order_by("name"):
        log_action(deal, "crm.deal_restored", actor=actor, data={"deal": deal.name, "crm": crm})
        run.notes.append(f"{fetched.deals.label} {deal.crm_id} ({deal.name}) is back in {crm}.")
    restored.update(crm_deleted_at=None)


def _enrich(kind: str) -> Callable[..., ImportResult]:
    return lambda **options: enrich(kind=kind, **options)


def _deals(kind: str, columns: dict[str, str]) -> Callable[..., ImportResult]:
    return lambda **options: import_deals(file_format=kind, mapping=columns, **options)


def _name_accounts(workspace, fetched: Fetched) -> None:
    """A deal whose account did not change this time carries only its id: give it the name
    the workspace already knows, so the deal import does not list the account under its id."""
    by_field = {field: header for header, field in fetched.deal_columns.items()}
    name, crm_id = by_field["account"], by_field["account_crm_id"]
    missing = {row[crm_id] for row in fetched.deals.rows if row.get(crm_id) and not row.get(name)}
    if not missing:
        return
    known = dict(
        Account.objects.filter(workspace=workspace, crm_id__in=missing).values_list(
            "crm_id", "name"
        )
    )
    for row in fetched.deals.rows:
        if row.get(crm_id) in known and not row.get(name):
            row[name] = known[row[crm_id]]


def _named(error, records: Records) -> dict:
    """A row error as the sync page shows it: the CRM record it came from, not a row number."""
    row = records.rows[error.row - 1] if 0 < error.row <= len(records.rows) else {}
    return {
        "object": records.label,
        "record": str(row.get(records.id_field) or ""),
        "field": error.column,
        "value": error.value,
        "message": error.message,
    }


def describe_error(error: dict) -> str:
    field = f", {error['field']}" if error.get("field") else ""
    value = f" ({error['value']})" if error.get("value") else ""
    return f"{error['object']} {error['record']}{field}: {error['message']}{value}"


def summary(run: SyncRun) -> str:
    """The run in one line, as the command and the job say it."""
    if run.status == SyncStatus.FAILED:
        return f"The sync failed: {run.error}"
    counts = ", ".join(
        f"{name} {c['created']} new, {c['updated']} updated, {c['unchanged']} unchanged"
        + (f", {c['rejected']} rejected" if c["rejected"] else "")
        for name, c in run.counts.items()
    )
    if run.status == SyncStatus.REJECTED:
        return f"Nothing was saved: {len(run.errors)} errors. {counts}."
    return f"{'Would sync' if run.dry_run else 'Synced'}: {counts}."


def sync_enabled_connections() -> int:
    """The scheduled sync: each enabled connection once; how many ran."""
    ran = 0
    for connection in CrmConnection.objects.filter(enabled=True).select_related("workspace"):
        try:
            sync_connection(connection=connection, trigger="schedule")
        except SyncFailed:
            continue  # one already running: this hour's is that one
        ran += 1
    return ran


@transaction.atomic
def save_connection(
    *,
    workspace,
    user,
    kind: str,
    base_url: str,
    client_id: str = "",
    secret: str = "",
    competitor_property: str = "",
    enabled: bool = True,
) -> CrmConnection:
    """Create or change the workspace's connection; a blank ``secret`` keeps the saved one."""
    connection = CrmConnection.objects.filter(workspace=workspace).first()
    before = {}
    if connection is None:
        connection = CrmConnection(workspace=workspace)
    else:
        before = {f: getattr(connection, f) for f in _LOGGED}
    if not secret and not connection.secret_encrypted:
        raise SyncFailed(
            "Enter the client secret (Salesforce) or the private app's access token (HubSpot)."
        )
    if connection.pk and (kind != connection.kind or base_url != connection.base_url):
        connection.cursor = None  # another CRM, or another org: read it from the start
    connection.kind, connection.base_url, connection.client_id = kind, base_url, client_id
    connection.competitor_property, connection.enabled = competitor_property, enabled
    if secret:
        connection.secret_encrypted = encrypt(secret)
    connection.updated_by = user
    connection.save()
    changes = {
        f: [before[f], getattr(connection, f)]
        for f in _LOGGED
        if before and before[f] != getattr(connection, f)
    }
    log_action(
        connection,
        "crm.connection_saved",
        user=user,
        changes=changes or None,
        data={"kind": connection.get_kind_display(), "secret_replaced": bool(secret)},
    )
    return connection


_LOGGED = ("kind", "base_url", "client_id", "competitor_property", "enabled")
