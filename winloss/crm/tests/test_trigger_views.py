"""The deal-closed triggers page: each program's setting and the webhook secret."""

from django.urls import reverse

from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.crm.models import CrmWebhook, DealTrigger
from winloss.crm.secrets import decrypt
from winloss.testing import make_program

SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"


def test_an_admin_turns_a_programs_trigger_on_with_a_delay(client_for, people, workspace):
    program = make_program(workspace, name="Q1 enterprise")
    client = client_for(people["admin"])

    page = client.get(reverse("crm:triggers", kwargs={"ws": "acme"})).content.decode()
    assert "Save the trigger of Q1 enterprise" in page
    response = client.post(
        reverse("crm:trigger", kwargs={"ws": "acme", "program_id": program.pk}),
        {f"p{program.pk}-add_closed_deals": "on", f"p{program.pk}-invite_after_hours": "24"},
        follow=True,
    )

    assert "The deal-closed trigger of Q1 enterprise is saved." in response.content.decode()
    trigger = DealTrigger.objects.get(program=program)
    assert (trigger.add_closed_deals, trigger.invite_after_hours) == (True, 24)
    assert describe(LogEntry.objects.get(action="crm.trigger_saved")).endswith(
        "turned the deal-closed trigger of Q1 enterprise on; invitation after 24 hours."
    )


def test_negative_hours_are_refused_on_the_form(client_for, people, workspace):
    program = make_program(workspace)
    client = client_for(people["admin"])

    response = client.post(
        reverse("crm:trigger", kwargs={"ws": "acme", "program_id": program.pk}),
        {f"p{program.pk}-add_closed_deals": "on", f"p{program.pk}-invite_after_hours": "-2"},
    )

    assert response.status_code == 400
    assert "greater than or equal to 0" in response.content.decode()
    assert not DealTrigger.objects.exists()


def test_the_webhook_secret_is_saved_encrypted_and_never_shown(
    client_for, people, hubspot_connection
):
    client = client_for(people["admin"])

    response = client.post(
        reverse("crm:webhook", kwargs={"ws": "acme"}), {"secret": SECRET}, follow=True
    )

    page = response.content.decode()
    assert "Webhook secret saved." in page
    assert "A secret is saved." in page
    assert f"/hooks/crm/hubspot/{hubspot_connection.pk}/" in page
    assert SECRET not in page
    assert decrypt(CrmWebhook.objects.get().secret_encrypted) == SECRET


def test_a_salesforce_admin_is_shown_both_addresses(client_for, people, salesforce_connection):
    client = client_for(people["admin"])

    page = client.get(reverse("crm:triggers", kwargs={"ws": "acme"})).content.decode()

    assert f"/hooks/crm/salesforce/{salesforce_connection.pk}/TOKEN/" in page
    assert f"/hooks/crm/salesforce/{salesforce_connection.pk}/events/" in page
