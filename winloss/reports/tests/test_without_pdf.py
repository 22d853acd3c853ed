"""Where WeasyPrint cannot load Pango, nothing half-publishes and people are told why."""

import pytest

from winloss.accounts.roles import Role
from winloss.reports import services
from winloss.reports.models import ReportError, ReportVersion
from winloss.testing import make_program

pytestmark = pytest.mark.django_db
WHY = "WeasyPrint cannot load the Pango library (test)"


@pytest.fixture(autouse=True)
def _no_pango(monkeypatch):
    monkeypatch.setattr(services, "pdf_problem", lambda: WHY)


def test_publishing_is_refused_with_the_reason_and_nothing_is_kept(workspace, people):
    program = make_program(workspace, owner=people[Role.OWNER])
    with pytest.raises(ReportError, match="cannot be made on this server"):
        services.publish(services.begin_report(program), user=people[Role.OWNER])
    assert not ReportVersion.objects.exists()


def test_the_draft_pdf_link_says_why_instead_of_failing(workspace, people, client_for):
    program = make_program(workspace, owner=people[Role.OWNER])
    client = client_for(people[Role.ANALYST])
    response = client.get(
        f"/w/{workspace.slug}/programs/{program.pk}/report/draft.pdf", follow=True
    )
    assert response.status_code == 200
    assert WHY in response.content.decode()
