"""Writing a validated interview's findings back to its opportunity (Salesforce) or deal
(HubSpot): the status, the buyer's main reasons as the workspace's picklist values, and a link
to the interview's summary.

The reasons are the summary's own (``reports.summaries.interview_summary``), so the CRM says
what the summary page says; only their themes travel, mapped to the CRM's values, never the
buyer's words. When the respondent's consent does not let their answers be used (no consent on
record, or notes not allowed), only the status and the link are written. Each write, sent,
failed or skipped, is a ``WriteBack`` row and a history entry; a failure never touches the
validation, and can be tried again from the CRM page.
"""

import contextlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from winloss.activity.services import log_action
from winloss.interviews.models import Interview
from winloss.interviews.queries import VALIDATED
from winloss.lib.enqueue import enqueue_on_commit
from winloss.lib.errors import DomainError
from winloss.outreach.queries import latest_consent

from .clients import CrmError
from .clients.backoff import Backoff
from .clients.readers import reader_for
from .models import CrmConnection, CrmKind, WriteBack, WriteBackStatus
from .secrets import SecretUnavailable, decrypt

logger = logging.getLogger(__name__)

STATUS_VALUE = "Interview validated"
# What an opportunity or deal id of each CRM looks like: a deal imported from a file may carry
# another system's id, which must never be written to.
CRM_IDS = {
    CrmKind.SALESFORCE: re.compile(r"006[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?"),
    CrmKind.HUBSPOT: re.compile(r"\d{1,20}"),
}
UNEXPECTED = "An unexpected error stopped this write; the details are in the server log."


class WriteBackError(DomainError):
    """A write-back that cannot be asked for (no connection, not validated)."""


@dataclass
class Preview:
    """What a write would send: ``fields`` (CRM field -> value), or why nothing can be sent
    (``skipped``), and ``notes`` on what is left out."""

    crm_id: str
    fields: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    skipped: str = ""


def answers_allowed(interview: Interview) -> bool:
    """Whether the respondent's consent lets their answers be used beyond the record: the
    latest consent given, allowing notes (what the reasons are coded from)."""
    consent = latest_consent(interview)
    return consent is not None and consent.notes_allowed


def summary_link(interview: Interview) -> str:
    path = reverse(
        "reports:interview_summary",
        kwargs={
            "ws": interview.workspace.slug,
            "program_id": interview.program_id,
            "interview_id": interview.pk,
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def preview_write_back(*, connection: CrmConnection, interview: Interview) -> Preview:
    """What writing ``interview`` back would send, computed as the write computes it."""
    from winloss.reports.summaries import interview_summary

    crm = CrmKind(connection.kind).label
    deal = interview.entry.deal
    preview = Preview(crm_id=(deal.crm_id or "").strip())
    if not Interview.objects.filter(VALIDATED, pk=interview.pk).exists():
        preview.skipped = "The interview is not validated yet."
        return preview
    if not preview.crm_id:
        preview.skipped = f"The deal “{deal}” has no {crm} id: it was not synced from {crm}."
        return preview
    if not CRM_IDS[CrmKind(connection.kind)].fullmatch(preview.crm_id):
        preview.skipped = (
            f"The deal's id {preview.crm_id} is not a {crm} "
            f"{'opportunity' if connection.kind == CrmKind.SALESFORCE else 'deal'} id: "
            "it came from another system's file."
        )
        return preview
    if connection.status_field:
        preview.fields[connection.status_field] = STATUS_VALUE
    if connection.reasons_field:
        if answers_allowed(interview):
            reasons = interview_summary(interview, rep_view=False)["reasons"]
            values = []
            for reason in reasons:
                value = (connection.theme_values.get(reason["theme"]) or "").strip()
                if value:
                    values.append(value)
                else:
                    preview.notes.append(
                        f"{reason['name']} has no {crm} value in the mapping: left out."
                    )
            # Multi-select picklists and HubSpot's checkboxes both take values joined by ";".
            preview.fields[connection.reasons_field] = ";".join(dict.fromkeys(values))
        else:
            preview.notes.append(
                "The respondent's consent does not allow using their answers: the main "
                "reasons are not written."
            )
    if connection.link_field:
        preview.fields[connection.link_field] = summary_link(interview)
    if not preview.fields:
        preview.skipped = "No field to write to: name them in the write-back settings."
    return preview


def write_back_interview(
    *,
    interview: Interview,
    user=None,
    sleep: Callable[[float], None] = time.sleep,
) -> WriteBack:
    """Send the preview's fields to the interview's opportunity or deal, and record how it
    went; the CRM's refusal is recorded, not raised, so the caller's work stands."""
    connection = CrmConnection.objects.filter(workspace_id=interview.workspace_id).first()
    if connection is None:
        raise WriteBackError("The workspace has no CRM connection.")
    preview = preview_write_back(connection=connection, interview=interview)
    write = WriteBack(
        workspace_id=interview.workspace_id,
        interview=interview,
        kind=connection.kind,
        crm_id=preview.crm_id,
        fields=preview.fields,
        user=user,
    )
    backoff = Backoff(sleep=sleep)
    if preview.skipped:
        write.status, write.error = WriteBackStatus.SKIPPED, preview.skipped
    elif not connection.write_back:
        write.status = WriteBackStatus.SKIPPED
        write.error = "Write-back is switched off on the CRM page."
    else:
        try:
            reader = reader_for(connection, decrypt(connection.secret_encrypted), backoff)
            reader.update_deal(preview.crm_id, preview.fields)
        except (CrmError, SecretUnavailable) as error:
            write.status, write.error = WriteBackStatus.FAILED, str(error)
        except Exception:
            logger.exception("CRM write-back of interview %s failed", interview.pk)
            write.status, write.error = WriteBackStatus.FAILED, UNEXPECTED
        else:
            write.status = WriteBackStatus.SENT
    write.retries = backoff.retries
    with transaction.atomic():
        write.save()
        log_action(
            interview.program,
            "crm.written_back",
            user=user,
            actor="" if user else f"{connection.get_kind_display()} write-back",
            data={
                "crm": connection.get_kind_display(),
                "deal": str(interview.entry.deal),
                "record": preview.crm_id or "—",
                "fields": ", ".join(preview.fields) or "none",
                "result": write.get_status_display().lower(),
                "error": write.error,
            },
        )
    return write


@task()
def write_back_task(interview_id: int, user_id: int | None = None) -> None:
    interview = Interview.objects.filter(pk=interview_id).first()
    if interview is None:
        return  # deleted before the worker got to it
    from winloss.accounts.models import User

    user = User.objects.filter(pk=user_id).first() if user_id else None
    with contextlib.suppress(WriteBackError):  # the connection went away: nothing to write to
        write_back_interview(interview=interview, user=user)


def queue_write_back(*, interview: Interview, user=None) -> bool:
    """Queue the write for when the validation commits; True when it was queued. The
    reviewer never waits for the CRM."""
    connection = CrmConnection.objects.filter(workspace_id=interview.workspace_id).first()
    if connection is None or not connection.write_back:
        return False
    enqueue_on_commit(write_back_task, interview.pk, user.pk if user else None)
    return True


def on_interview_validated(sender, *, interview: Interview, user=None, **kwargs) -> None:
    """Receiver of ``interviews.signals.interview_validated``."""
    queue_write_back(interview=interview, user=user)


@transaction.atomic
def save_write_back_settings(
    *,
    connection: CrmConnection,
    user,
    write_back: bool,
    status_field: str,
    reasons_field: str,
    link_field: str,
    theme_values: dict[str, str],
) -> CrmConnection:
    before = {f: getattr(connection, f) for f in _SETTINGS}
    connection.write_back, connection.status_field = write_back, status_field.strip()
    connection.reasons_field, connection.link_field = reasons_field.strip(), link_field.strip()
    connection.theme_values = {k: v.strip() for k, v in theme_values.items() if v.strip()}
    connection.updated_by = user
    connection.save()
    changes = {
        f: [before[f], getattr(connection, f)]
        for f in _SETTINGS
        if before[f] != getattr(connection, f)
    }
    log_action(
        connection,
        "crm.write_back_saved",
        user=user,
        changes=changes or None,
        data={"kind": connection.get_kind_display()},
    )
    return connection


_SETTINGS = ("write_back", "status_field", "reasons_field", "link_field", "theme_values")
