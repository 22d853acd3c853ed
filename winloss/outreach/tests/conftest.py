import datetime as dt

import pytest
from django.utils import timezone

from winloss.accounts.roles import Role
from winloss.outreach.models import Availability
from winloss.outreach.services import begin_appointment
from winloss.programs.sampling.services import DrawSettings, draw_sample
from winloss.testing import make_account, make_contact, make_deal, make_member, make_program


@pytest.fixture
def interviewer(workspace):
    return make_member(workspace, Role.INTERVIEWER, name="Iris Interviewer")


@pytest.fixture
def sample(workspace, interviewer):
    """A program whose sample of 3 deals each has a respondent with an email address."""
    program = make_program(workspace, name="Q1 losses")
    for i in range(6):
        account = make_account(workspace)
        deal = make_deal(workspace, account=account)
        deal.contacts.add(make_contact(workspace, account=account, email=f"buyer{i}@buyer.example"))
    return draw_sample(program, settings=DrawSettings(size=3, seed=1, min_per_cell=0))


@pytest.fixture
def entry(sample):
    return sample.entries.order_by("pk").first()


@pytest.fixture
def appointment(entry):
    return begin_appointment(entry)


@pytest.fixture
def open_window(workspace, interviewer):
    """Tomorrow 09:00–12:00 UTC, so there are six 30-minute slots to pick."""
    start = (timezone.now() + dt.timedelta(days=2)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    return Availability.objects.create(
        workspace=workspace,
        interviewer=interviewer,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
    )


@pytest.fixture
def travel(monkeypatch):
    """Move the server's clock (the one seam: ``django.utils.timezone.now``) to a moment, and
    let it tick from there: slots are offered relative to now, and a DST change must fall
    inside the four weeks a buyer can pick from."""
    real_now = timezone.now

    def to(moment: dt.datetime) -> None:
        offset = moment - real_now()
        monkeypatch.setattr(timezone, "now", lambda: real_now() + offset)

    return to
