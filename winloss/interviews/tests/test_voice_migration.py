"""The move to several voices per deal keeps every appointment and interview, and gives each
existing appointment the role its interview recorded (or its contact's)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from winloss.interviews.models import Interview
from winloss.outreach.models import Appointment
from winloss.programs.sampling.services import DrawSettings, draw_sample
from winloss.testing import make_account, make_contact, make_deal, make_guide, make_program

BEFORE = [("interviews", "0004_purged_at"), ("outreach", "0001_scheduling")]
AFTER = [("interviews", "0005_interview_per_voice"), ("outreach", "0002_appointment_per_voice")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_existing_appointments_and_interviews_survive_with_their_roles(workspace):
    program = make_program(workspace)
    guide = make_guide(program, approved=True)
    for role in ("procurement", "user"):
        account = make_account(workspace)
        deal = make_deal(workspace, account=account)
        deal.contacts.add(make_contact(workspace, account=account, decision_role=role))
    entries = list(draw_sample(program, settings=DrawSettings(size=2, seed=1)).entries.all())
    interviewed, invited = entries
    heard = Appointment.objects.create(
        workspace=workspace, program=program, entry=interviewed, contact=interviewed.contact
    )
    Appointment.objects.create(
        workspace=workspace, program=program, entry=invited, contact=invited.contact
    )
    interview = Interview.objects.create(
        workspace=workspace,
        program=program,
        entry=interviewed,
        appointment=heard,
        guide_version=guide,
        respondent_role="executive_sponsor",  # the buyer said so, whatever the CRM thinks
    )
    try:
        _migrate(BEFORE)
        _migrate(AFTER)
    finally:
        _migrate(_latest())
    roles = dict(Appointment.objects.values_list("entry_id", "respondent_role"))
    assert roles == {interviewed.pk: "executive_sponsor", invited.pk: invited.contact.decision_role}
    assert Interview.objects.get().pk == interview.pk
    assert interviewed.interview == interview and interviewed.appointment == heard


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
