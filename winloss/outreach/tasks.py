"""Sending respondent email in the background: no page waits on a mail server."""

import logging

from django.core.mail import EmailMultiAlternatives
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
    message = (
        OutreachMessage.objects.select_related(
            "appointment__program__workspace", "appointment__contact", "appointment__interviewer"
        )
        .filter(pk=message_id, status=MessageStatus.QUEUED)
        .first()
    )
    if message is None:
        return
    body = message.body
    if message.link is not None:
        body = body.replace(LINK_PLACEHOLDER, url_for(message.link))
    email = EmailMultiAlternatives(subject=message.subject, body=body, to=[message.to])
    if message.appointment.interviewer:
        email.reply_to = [message.appointment.interviewer.email]
    if message.kind in WITH_CALENDAR and message.appointment.starts_at:
        cancelled = message.kind == MessageKind.CANCELLATION
        method = "CANCEL" if cancelled else "REQUEST"
        email.attach(
            "interview.ics",
            ics_for(message.appointment, cancelled=cancelled),
            f"text/calendar; method={method}; charset=utf-8",
        )
    try:
        email.send()
    except Exception as error:  # the mail server's refusal is recorded, never lost
        logger.warning("Outreach message %s failed: %s", message_id, error)
        OutreachMessage.objects.filter(pk=message_id).update(
            status=MessageStatus.FAILED, error=str(error)[:2000]
        )
        return
    OutreachMessage.objects.filter(pk=message_id).update(
        status=MessageStatus.SENT, sent_at=timezone.now()
    )
