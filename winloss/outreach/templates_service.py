"""Writes for the workspace's own email wording, and the appointment its preview is shown for.

A workspace keeps at most one ``EmailTemplate`` per kind of message; without one the built-in
wording of ``emails.DEFAULTS`` is sent. Going back to the built-in wording deletes the custom one.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from winloss.accounts.models import User, Workspace
from winloss.activity.services import diff, log_action, snapshot
from winloss.deals.models import Contact
from winloss.lib.concurrency import StaleEdit, save_versioned
from winloss.programs.models import Program

from . import emails
from .emails import WordingError, check_fields
from .models import Appointment, AppointmentStatus, EmailTemplate, Format, MessageKind

# The messages that carry the respondent's link; the others have none to offer.
LINKED_KINDS = {
    MessageKind.INVITATION,
    MessageKind.REMINDER,
    MessageKind.CONFIRMATION,
    MessageKind.RESCHEDULE,
    MessageKind.SURVEY_INVITATION,
    MessageKind.SURVEY_REMINDER,
}


@dataclass(frozen=True)
class Wording:
    kind: str
    subject: str
    body: str
    custom: EmailTemplate | None  # None while the built-in wording is used


def wordings(workspace: Workspace) -> list[Wording]:
    """Each kind of message as it is sent today, in the order a respondent meets them."""
    custom = {t.kind: t for t in EmailTemplate.objects.filter(workspace=workspace)}
    result = []
    for kind in MessageKind.values:
        template = custom.get(kind)
        subject, body = (template.subject, template.body) if template else emails.DEFAULTS[kind]
        result.append(Wording(kind, subject, body, template))
    return result


def _check(kind: str, subject: str, body: str) -> None:
    if kind not in MessageKind.values:
        raise WordingError("Choose one of the messages listed.")
    if not subject.strip() or not body.strip():
        raise WordingError("Give the message a subject and a body.")
    check_fields(subject, emails.MERGE_FIELDS, where="subject")
    check_fields(body, emails.MERGE_FIELDS, where="body")
    linked = kind in LINKED_KINDS
    if linked and "{link}" not in body:
        raise WordingError(
            "The body needs {link}: without it the respondent cannot reach their page."
        )
    if not linked and "{link}" in subject + body:
        raise WordingError(
            f"The {MessageKind(kind).label.lower()} message carries no link: remove {{link}}."
        )


@transaction.atomic
def save_template(
    *,
    workspace: Workspace,
    kind: str,
    subject: str,
    body: str,
    user: User,
    expected_version: int,
) -> EmailTemplate:
    """The workspace's own wording for ``kind``; ``expected_version`` 0 means the built-in
    wording was on screen, so a custom one saved meanwhile is a conflict, not overwritten."""
    subject, body = subject.strip(), body.strip()
    _check(kind, subject, body)
    template = EmailTemplate.objects.filter(workspace=workspace, kind=kind).first()
    if template is None and expected_version:
        # The custom wording that was opened has been reset meanwhile: start again from scratch.
        raise WordingError(
            "Someone went back to the built-in wording while you were editing. Nothing was "
            "saved: reload the page and make your change again."
        )
    if template is not None and expected_version == 0:
        raise StaleEdit(template)
    if template is None:
        default_subject, default_body = emails.DEFAULTS[kind]
        try:
            with transaction.atomic():
                template = EmailTemplate.objects.create(
                    workspace=workspace, kind=kind, subject=subject, body=body
                )
        except IntegrityError:  # saved by someone else between the read and the write
            raise StaleEdit(EmailTemplate.objects.get(workspace=workspace, kind=kind)) from None
        before = {"subject": default_subject, "body": default_body}
    else:
        before = snapshot(template, ["subject", "body"])
        template.subject, template.body = subject, body
        save_versioned(template, expected_version=expected_version, fields=["subject", "body"])
    log_action(
        template,
        "email_template.saved",
        user=user,
        changes=diff(before, {"subject": subject, "body": body}),
        data={"kind": template.get_kind_display().lower()},
    )
    return template


@transaction.atomic
def reset_template(*, workspace: Workspace, kind: str, user: User, expected_version: int) -> None:
    """Back to the built-in wording: the custom one is deleted (the log keeps what it said)."""
    template = (
        EmailTemplate.objects.select_for_update().filter(workspace=workspace, kind=kind).first()
    )
    if template is None:
        return
    if template.version != expected_version:
        raise StaleEdit(template)
    label = template.get_kind_display().lower()
    log_action(
        workspace,
        "email_template.reset",
        user=user,
        changes={"subject": [template.subject, None], "body": [template.body, None]},
        data={"kind": label},
    )
    template.delete()


def preview_appointment(program: Program) -> Appointment:
    """A real appointment of the program to show the wording on (a booked one first, so the
    date reads as it will), or a made-up one, never saved, when nobody is invited yet."""
    real = (
        Appointment.objects.filter(program=program, contact__isnull=False)
        .exclude(status=AppointmentStatus.NOT_INVITED)
        .select_related("program__workspace", "workspace", "contact", "interviewer", "entry__deal")
        .order_by(F("starts_at").desc(nulls_last=True), "pk")
        .first()
    )
    if real is not None:
        return real
    day = timezone.localdate() + dt.timedelta(days=3)
    starts = dt.datetime.combine(day, dt.time(10, 0), timezone.get_current_timezone())
    return Appointment(
        workspace=program.workspace,
        program=program,
        contact=Contact(workspace=program.workspace, name="Alex Example"),
        interviewer=program.owner,
        starts_at=starts,
        duration_minutes=program.interview_minutes,
        format=Format.VIDEO,
        respondent_timezone=timezone.get_current_timezone_name(),
    )
