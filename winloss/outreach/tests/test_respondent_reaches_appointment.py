"""A contact added after the appointment was opened (not yet invited) becomes its respondent."""

import pytest

from winloss.deals.services import add_contact
from winloss.outreach.services import begin_appointment
from winloss.programs.models import SampleEntry
from winloss.programs.sampling.services import DrawSettings, draw_sample
from winloss.testing import make_account, make_deal, make_program

pytestmark = pytest.mark.django_db(transaction=True)  # contacts reach the sample on commit


def test_an_appointment_opened_before_the_contact_takes_the_new_respondent(workspace, people):
    account = make_account(workspace)
    deal = make_deal(workspace, account=account)
    draw_sample(make_program(workspace), settings=DrawSettings(size=1, seed=1))
    appointment = begin_appointment(SampleEntry.objects.get(deal=deal))
    assert appointment.contact is None

    contact = add_contact(
        workspace=workspace,
        user=people["coordinator"],
        account=account,
        deals=[deal],
        name="Dana Whitfield",
        email="dana@initech.example",
        decision_role="executive_sponsor",
    )
    appointment.refresh_from_db()
    assert appointment.contact == contact
