"""The report's draft begins with the first thing written in it: a look at the Report step
shows the empty draft and saves nothing."""

import pytest

from winloss.accounts.roles import Role
from winloss.activity.models import LogEntry
from winloss.reports.models import Report
from winloss.testing import make_program

pytestmark = pytest.mark.django_db


def test_opening_the_report_step_shows_an_empty_draft_and_saves_none(workspace, people, client_for):
    program = make_program(workspace, owner=people[Role.OWNER], name="Q3 losses")
    page = client_for(people[Role.ANALYST]).get(f"/w/acme/programs/{program.pk}/report/")
    assert page.status_code == 200
    assert 'value="Win-loss report: Q3 losses"' in page.content.decode()
    assert not Report.objects.exists()


def test_saving_the_first_words_begins_the_draft_and_logs_them(workspace, people, client_for):
    program = make_program(workspace, owner=people[Role.OWNER])
    client = client_for(people[Role.ANALYST])
    url = f"/w/acme/programs/{program.pk}/report/"
    form = {"title": "Why we lose", "summary": "Price.", "limitations": "", "recipients": ""}
    response = client.post(url, {**form, "version": "1"})
    assert response.status_code == 302
    report = Report.objects.get(program=program)
    assert (report.title, report.summary, report.version) == ("Why we lose", "Price.", 2)
    assert LogEntry.objects.filter(action="report.edited", object_id=report.pk).exists()
