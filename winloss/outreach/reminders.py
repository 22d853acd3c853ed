"""Reminders to invited respondents who have not answered (SOP step 4): interview invitations
not yet booked and buyer surveys not yet completed, on ``OUTREACH_REMINDER_DAYS``."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import links, surveyed
from .models import Appointment, AppointmentStatus, LinkPurpose, MessageKind, RespondentLink
from .services import queue_message


def reminder_schedule() -> list[dt.timedelta]:
    """How long after the invitation each reminder goes (``OUTREACH_REMINDER_DAYS``)."""
    return [dt.timedelta(days=days) for days in settings.OUTREACH_REMINDER_DAYS]


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind invited respondents who have not answered, on the ``reminder_schedule()``:
    interview invitations not yet booked, and buyer surveys not yet completed.

    Run hourly by the workers (``outreach.reminders``) or ``winloss send-reminders``, as often
    as wanted: a reminder is counted on the appointment (or response), so none goes twice.
    Someone several reminders behind (the workers were stopped, the schedule changed) gets
    one, counted as the latest due: the latest step is handled first, so no one is reminded
    twice in one run.
    """
    now = now or timezone.now()
    waiting = [
        (
            Appointment.objects.filter(status=AppointmentStatus.INVITED).select_related(
                "program__workspace", "contact", "interviewer", "entry__deal"
            ),
            LinkPurpose.SCHEDULE,
            MessageKind.REMINDER,
        ),
        (
            surveyed.hooks().awaiting().select_related("program__workspace", "contact"),
            LinkPurpose.SURVEY,
            MessageKind.SURVEY_REMINDER,
        ),
    ]
    sent = 0
    for step, after in reversed(list(enumerate(reminder_schedule(), start=1))):
        for invited, purpose, kind in waiting:
            due = invited.filter(
                reminders_sent__lt=step,
                invited_at__lte=now - after,
                contact__do_not_contact=False,
            )
            for about in due:
                with transaction.atomic():
                    link = RespondentLink.objects.filter(
                        **surveyed.key(about), purpose=purpose, used_at=None, revoked_at=None
                    ).first()
                    if link is None or link.expires_at <= now:
                        link = links.new_link(about, purpose)
                    if queue_message(about, kind, link=link):
                        sent += 1
                    type(about).objects.filter(pk=about.pk).update(reminders_sent=step)
    return sent
