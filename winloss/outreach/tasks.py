"""Sending respondent email in the background: no page waits on a mail server."""

import logging

from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone
from django_tasks import task

from .calendar import ics_for
from .emails import LINK_PLACEHOLDER
from .links import url_for
from .models import MessageKind, MessageStatus, OutreachMessage

logger = logging.getLogger(__name__)
WITH_CALENDAR = {MessageKind.CONFIRMATION, MessageKind.RESCHEDULE, MessageKind.CANCELLATION}


@task()
def send_outreach_message(message_id: int) -> None:
    """Send one logged message; its link is signed now, so no secret waits in the queue."""
    send_messages([message_id])


@task()
def send_outreach_messages(message_ids: list[int]) -> None:
    """Send a batch of logged messages (a survey's thousands) over one connection."""
    send_messages(message_ids)


def send_messages(message_ids: list[int]) -> None:
    messages = OutreachMessage.objects.select_related(
        "appointment__program__workspace",
        "appointment__contact",
        "appointment__interviewer",
        "survey_response__program__owner",
        "link",
    ).filter(pk__in=message_ids, status=MessageStatus.QUEUED)
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # each send tries again, and records the refusal on its row
        logger.warning("Mail server unreachable: %s", error)
    try:
        for message in messages.order_by("pk"):
            _send(message, connection)
    finally:
        connection.close()


def _send(message: OutreachMessage, connection) -> None:
    body = message.body
    if message.link is not None:
        body = body.replace(LINK_PLACEHOLDER, url_for(message.link))
    email = EmailMultiAlternatives(
        subject=message.subject, body=body, to=[message.to], connection=connection
    )
    appointment = message.appointment
    # Replies go to the person the buyer would talk to: the interviewer, or for a survey the
    # program's owner.
    sender = appointment.interviewer if appointment else message.about.program.owner
    if sender is not None:
        email.reply_to = [sender.email]
    if appointment and message.kind in WITH_CALENDAR and appointment.starts_at:
        cancelled = message.kind == MessageKind.CANCELLATION
        method = "CANCEL" if cancelled else "REQUEST"
        email.attach(
            "interview.ics",
            ics_for(appointment, cancelled=cancelled),
            f"text/calendar; method={method}; charset=utf-8",
        )
    try:
        email.send()
    except Exception as error:  # the mail server's refusal is recorded, never lost
        logger.warning("Outreach message %s failed: %s", message.pk, error)
        OutreachMessage.objects.filter(pk=message.pk).update(
            status=MessageStatus.FAILED, error=str(error)[:2000]
        )
        return
    OutreachMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENT, sent_at=timezone.now()
    )
