"""The move to several voices per deal keeps every appointment and interview, and gives each
existing appointment the role its interview recorded (or its contact's).

Tested in a small world: an empty database migrated only as far as these two migrations need,
with rows written as the models stood before them."""

import datetime as dt

import pytest

from winloss.testing.worlds import small_world

BEFORE = [("interviews", "0004_purged_at"), ("outreach", "0001_scheduling")]
AFTER = [("interviews", "0005_interview_per_voice"), ("outreach", "0002_appointment_per_voice")]


@pytest.mark.django_db
def test_existing_appointments_and_interviews_survive_with_their_roles(tmp_path):
    with small_world(tmp_path) as world:
        old = world.migrate(BEFORE)
        workspace = old.get_model("accounts", "Workspace").objects.create(slug="acme", name="Acme")
        program = old.get_model("programs", "Program").objects.create(
            workspace=workspace,
            name="Q1",
            objective="Learn why deals are won and lost.",
            deal_types=["won", "lost"],
            window_start=dt.date(2025, 1, 1),
            window_end=dt.date(2025, 3, 31),
            target_sample_size=2,
        )
        guide = old.get_model("guides", "GuideVersion").objects.create(
            program=program, number=1, status="approved"
        )
        draw = old.get_model("programs", "SampleDraw").objects.create(
            workspace=workspace, program=program, size=2, seed=1
        )
        entries = []
        for n, role in enumerate(("procurement", "user"), start=1):
            account = old.get_model("deals", "Account").objects.create(
                workspace=workspace, name=f"Account {n}"
            )
            deal = old.get_model("deals", "Deal").objects.create(
                workspace=workspace,
                account=account,
                crm_id=f"CRM-{n}",
                name=f"Deal {n}",
                outcome="won",
                created_date=dt.date(2025, 1, 1),
                close_date=dt.date(2025, 3, 1),
            )
            contact = old.get_model("deals", "Contact").objects.create(
                workspace=workspace, account=account, name=f"Contact {n}", decision_role=role
            )
            deal.contacts.add(contact)
            entries.append(
                old.get_model("programs", "SampleEntry").objects.create(
                    workspace=workspace,
                    program=program,
                    draw=draw,
                    deal=deal,
                    contact=contact,
                    reason="Picked at random.",
                )
            )
        interviewed, invited = entries
        Appointment = old.get_model("outreach", "Appointment")
        heard = Appointment.objects.create(
            workspace=workspace, program=program, entry=interviewed, contact=interviewed.contact
        )
        Appointment.objects.create(
            workspace=workspace, program=program, entry=invited, contact=invited.contact
        )
        interview = old.get_model("interviews", "Interview").objects.create(
            workspace=workspace,
            program=program,
            entry=interviewed,
            appointment=heard,
            guide_version=guide,
            respondent_role="executive_sponsor",  # the buyer said so, whatever the CRM thinks
        )

        new = world.migrate(AFTER)

        roles = dict(
            new.get_model("outreach", "Appointment").objects.values_list(
                "entry_id", "respondent_role"
            )
        )
        assert roles == {interviewed.pk: "executive_sponsor", invited.pk: "user"}
        kept = new.get_model("interviews", "Interview").objects.get()
        assert (kept.pk, kept.entry_id, kept.appointment_id) == (
            interview.pk,
            interviewed.pk,
            heard.pk,
        )
        assert (
            new.get_model("outreach", "Appointment").objects.get(entry_id=interviewed.pk).pk
            == heard.pk
        )
