"""The demo's active wave made ready for interviews (SOP steps 3 and 4): an approved guide,
interviewers' free times, invitations sent and two interviews booked by phone."""

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from winloss.accounts.models import User, Workspace
from winloss.guides.services import approve_guide, start_guide
from winloss.outreach import services as outreach
from winloss.outreach.models import (
    Appointment,
    AppointmentStatus,
    Availability,
    MessageStatus,
    OutreachMessage,
)
from winloss.programs.models import Program

from . import content

if TYPE_CHECKING:
    from .build import DemoResult


# Guide and outreach (SOP steps 3 and 4) -------------------------------------------------------


def add_outreach(program: Program, users: dict[str, User], result: "DemoResult") -> None:
    """The active wave ready for interviews: an approved guide, interviewers' free times,
    invitations sent and two interviews booked by phone. Each part only when missing."""
    owner = users[content.OWNER_EMAIL]
    if not program.guide_versions.exists():
        version = start_guide(program=program, user=owner)
        approve_guide(version=version, user=owner, expected_version=version.version)
        result.guide = version.questions.count()
    interviewers = [users[email] for email in content.INTERVIEWER_EMAILS]
    if not Availability.objects.filter(
        workspace=program.workspace, interviewer__in=interviewers
    ).exists():
        result.windows = _add_availability(program.workspace, interviewers)
    if not Appointment.objects.filter(program=program).exists():
        coordinator = users[content.COORDINATOR_EMAIL]
        # The buyers are invented (.example.com), and `make run` prints mail to the console:
        # forty invitations (and their task runs' log lines) would bury the logins the
        # command prints. So the services record every message but queue no email task
        # (send=False), and the demo then shows the messages as sent, as they would be.
        result.invited = outreach.send_invitations(program, user=coordinator, send=False)
        result.booked = _book_by_phone(program, interviewers, coordinator)
        OutreachMessage.objects.filter(
            appointment__program=program, status=MessageStatus.QUEUED
        ).update(status=MessageStatus.SENT, sent_at=timezone.now())


def _weekdays(count: int) -> list[dt.date]:
    """The next ``count`` weekdays after today, in the server's time zone."""
    days: list[dt.date] = []
    day = timezone.localdate()
    while len(days) < count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


def _add_availability(workspace: Workspace, interviewers: list[User]) -> int:
    zone = timezone.get_current_timezone()
    windows = [
        Availability(
            workspace=workspace,
            interviewer=interviewer,
            starts_at=dt.datetime.combine(day, dt.time(start), zone),
            ends_at=dt.datetime.combine(day, dt.time(end), zone),
        )
        for interviewer in interviewers
        for day in _weekdays(content.AVAILABILITY_WEEKDAYS)
        for start, end in content.AVAILABILITY_HOURS
    ]
    Availability.objects.bulk_create(windows)
    return len(windows)


def _book_by_phone(program: Program, interviewers: list[User], coordinator: User) -> int:
    """Two invited buyers of the demo interviewers agreed a time by phone, in their windows."""
    invited = Appointment.objects.filter(
        program=program, status=AppointmentStatus.INVITED, interviewer__in=interviewers
    ).order_by("pk")
    days = _weekdays(content.AVAILABILITY_WEEKDAYS)
    zone = timezone.get_current_timezone()
    booked = 0
    for appointment, (day, hour, minute, format, recording, attribution) in zip(
        invited, content.BOOKED_BY_PHONE, strict=False
    ):
        outreach.schedule_by_hand(
            appointment,
            starts_at=dt.datetime.combine(days[day], dt.time(hour, minute), zone),
            format=format,
            answers=outreach.ConsentAnswers(
                notes_allowed=True,
                recording_allowed=recording,
                transcription_allowed=recording,
                attribution=attribution,
            ),
            user=coordinator,
            expected_version=appointment.version,
            send=False,
        )
        booked += 1
    return booked
