"""Reminders to invited respondents who have not answered, on the configured schedule."""

import datetime as dt
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from winloss.outreach import reminders, services
from winloss.outreach.management.commands.send_reminders import Command
from winloss.outreach.models import Appointment, AppointmentStatus, OutreachMessage


@pytest.fixture
def invited(sample, people):
    services.send_invitations(sample.program, user=people["coordinator"])
    return Appointment.objects.filter(program=sample.program).order_by("pk").first()


def _invited_days_ago(appointment: Appointment, days: float) -> dt.datetime:
    now = timezone.now()
    Appointment.objects.filter(pk=appointment.pk).update(invited_at=now - dt.timedelta(days=days))
    return now


def _reminders(appointment: Appointment) -> int:
    return OutreachMessage.objects.filter(appointment=appointment, kind="reminder").count()


def test_reminders_go_on_the_default_schedule_of_4_and_9_days(invited):
    now = _invited_days_ago(invited, 3.9)
    assert reminders.send_due_reminders(now=now) == 0
    now = _invited_days_ago(invited, 4.1)
    reminders.send_due_reminders(now=now)
    reminders.send_due_reminders(now=now)  # run again: nothing twice
    assert _reminders(invited) == 1
    now = _invited_days_ago(invited, 9.1)
    reminders.send_due_reminders(now=now)
    assert _reminders(invited) == 2
    reminders.send_due_reminders(now=now + dt.timedelta(days=30))
    assert _reminders(invited) == 2


def test_the_schedule_comes_from_the_setting(invited, settings):
    settings.OUTREACH_REMINDER_DAYS = [2]
    now = _invited_days_ago(invited, 2.5)
    reminders.send_due_reminders(now=now)
    assert _reminders(invited) == 1
    reminders.send_due_reminders(now=now + dt.timedelta(days=20))
    assert _reminders(invited) == 1


def test_no_reminders_when_the_setting_is_empty(invited, settings):
    settings.OUTREACH_REMINDER_DAYS = []
    assert reminders.send_due_reminders(now=_invited_days_ago(invited, 30)) == 0


def test_a_respondent_several_reminders_behind_gets_one_not_a_burst(invited):
    reminders.send_due_reminders(now=_invited_days_ago(invited, 12))
    assert _reminders(invited) == 1
    invited.refresh_from_db()
    assert invited.reminders_sent == 2


def test_someone_who_answered_is_not_reminded(invited):
    Appointment.objects.filter(pk=invited.pk).update(status=AppointmentStatus.DECLINED)
    assert reminders.send_due_reminders(now=_invited_days_ago(invited, 5)) == 0


def test_the_command_says_the_configured_schedule(settings, db):
    settings.OUTREACH_REMINDER_DAYS = [3, 7, 14]
    usage = Command().create_parser("winloss", "send-reminders").format_help()
    assert "3, 7, 14 days after the invitation" in " ".join(usage.split())
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "0 reminders queued." in out.getvalue()


@pytest.mark.parametrize(
    ("value", "read"),
    [(" 3, 10 ", "[3, 10]"), ("9,4,4", "[4, 9]"), ("", "[]"), ("3,ten", "must be whole numbers")],
)
def test_the_setting_reads_days_from_the_environment_loudly(tmp_path, value, read):
    # A fresh interpreter: settings are read once, at start-up, as in production.
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from winloss import settings; print(settings.OUTREACH_REMINDER_DAYS)",
        ],
        env={
            **os.environ,
            "DEBUG": "1",
            "DATA_DIR": str(tmp_path),
            "OUTREACH_REMINDER_DAYS": value,
        },
        capture_output=True,
        text=True,
    )
    assert read in result.stdout + result.stderr
