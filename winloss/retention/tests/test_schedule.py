"""The purge runs nightly inside the workers, every workspace keeping its own promise."""

import datetime as dt

from django.utils import timezone

from winloss.interviews.models import Note
from winloss.jobs.models import JobStatus, ScheduledRun
from winloss.jobs.scheduler import tick
from winloss.jobs.schedules import all_off_but
from winloss.retention.models import PurgeRun, RetentionPolicy
from winloss.testing import make_program, make_workspace

from .builders import old_interview

OTHERS_OFF = all_off_but("retention.purge")


def test_the_nightly_purge_purges_every_workspace_by_its_own_policy(workspace, settings):
    settings.SCHEDULE = OTHERS_OFF
    RetentionPolicy.objects.create(workspace=workspace, days=30)
    old_interview(make_program(workspace), days_ago=31)
    other = make_workspace(slug="initech")  # no saved policy: the 365 days its consent says
    old_interview(make_program(other), days_ago=4000)
    kept = make_workspace(slug="kept")
    RetentionPolicy.objects.create(workspace=kept, days=None)
    old_interview(make_program(kept), days_ago=4000)
    evening = timezone.now().replace(hour=20, minute=0)
    assert tick(now=evening) == []  # first due at 03:00

    assert tick(now=evening + dt.timedelta(hours=8)) == ["retention.purge"]

    assert sorted(PurgeRun.objects.values_list("workspace__slug", "interviews")) == [
        ("acme", 1), ("initech", 1),
    ]  # fmt: skip
    assert PurgeRun.objects.get(workspace=workspace).actor == "schedule"
    assert Note.objects.filter(interview__workspace=kept).exclude(text="").exists()
    run = ScheduledRun.objects.get(name="retention.purge")
    assert run.status == JobStatus.SUCCEEDED
    assert run.summary == "2 workspaces purged: 2 interviews emptied."
