import pytest

from winloss.accounts.roles import Role
from winloss.activity.display import describe, describe_changes
from winloss.activity.models import AppendOnlyError, LogEntry
from winloss.activity.services import log_action
from winloss.testing import make_deal


def test_log_entry_records_who_when_what_and_the_change(workspace, people):
    deal = make_deal(workspace, name="Big deal")
    entry = log_action(
        deal, "deal.changed", user=people[Role.ANALYST], changes={"amount": [100, 200]}
    )
    assert entry.workspace == workspace
    assert entry.actor == people[Role.ANALYST].email
    assert entry.object_repr == "Big deal"
    assert entry.created is not None
    assert describe(entry) == f"{people[Role.ANALYST].email} edited the deal Big deal."
    assert describe_changes(entry) == [("Amount", "100", "200")]


def test_log_entries_can_be_neither_changed_nor_deleted(workspace):
    entry = log_action(make_deal(workspace), "deal.changed", actor="cli")
    entry.action = "something.else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        LogEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        LogEntry.objects.filter(pk=entry.pk).delete()


def test_a_deal_edit_appears_in_its_history_with_who_and_what(workspace, people, client_for):
    deal = make_deal(workspace, name="Initech renewal", amount=1000)
    client = client_for(people[Role.ANALYST])
    form = client.get(f"/w/{workspace.slug}/deals/{deal.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(amount="2500", primary_competitor="", version=deal.version)
    response = client.post(f"/w/{workspace.slug}/deals/{deal.pk}/edit/", data)
    assert response.status_code == 302

    history = client.get(f"/w/{workspace.slug}/history/deal/{deal.pk}/").content.decode()
    assert "edited the deal Initech renewal" in history
    assert people[Role.ANALYST].email in history
    assert "1000.00" in history and "2500" in history


def test_history_of_another_workspaces_object_is_not_found(workspace, outsider, client_for):
    deal = make_deal(workspace)
    response = client_for(outsider).get(f"/w/globex/history/deal/{deal.pk}/")
    assert response.status_code == 404


def test_changes_are_shown_with_field_labels_and_choice_labels(workspace, people):
    from winloss.testing import make_program

    program = make_program(workspace)
    entry = log_action(
        program,
        "program.scope_changed",
        user=people[Role.OWNER],
        changes={
            "cadence": ["once", "quarterly"],
            "deal_types": [["won"], ["won", "no_decision"]],
            "window_start": ["2025-01-01", "2025-04-01"],
        },
    )
    assert describe_changes(entry) == [
        ("Cadence", "One wave", "Quarterly"),
        ("Deal types", "Won", "Won, Lost to no decision"),
        ("Deals closed from", "2025-01-01", "2025-04-01"),
    ]


def test_changes_of_a_model_no_longer_installed_still_read_for_a_role(workspace):
    from django.contrib.contenttypes.models import ContentType

    from winloss.activity.display import describe_changes

    # Its content type outlives the model (entries protect it): model_class() is None.
    retired = ContentType.objects.create(app_label="retired", model="thing")
    entry = LogEntry.objects.create(
        workspace=workspace,
        actor="cli",
        content_type=retired,
        object_id=1,
        object_repr="Thing 1",
        action="thing.changed",
        changes={"due_date": ["2025-01-01", "2025-02-01"]},
    )
    assert describe_changes(entry, Role.ANALYST) == [("Due date", "2025-01-01", "2025-02-01")]
