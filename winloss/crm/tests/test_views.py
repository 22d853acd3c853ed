"""The CRM sync page: the connection form (its secret never shown back), Sync now, the runs."""

from django.urls import reverse

from winloss.activity.models import LogEntry
from winloss.crm.models import CrmConnection, SyncRun
from winloss.crm.secrets import decrypt
from winloss.deals.models import Deal

from .conftest import CLIENT_ID, CLIENT_SECRET


def _url(name: str) -> str:
    return reverse(f"crm:{name}", kwargs={"ws": "acme"})


def _form(salesforce, **overrides) -> dict:
    return {
        "kind": "salesforce",
        "base_url": salesforce.url,
        "client_id": CLIENT_ID,
        "secret": CLIENT_SECRET,
        "competitor_property": "",
        "enabled": "on",
        **overrides,
    }


def test_an_admin_connects_salesforce_and_the_secret_is_never_shown_back(
    client_for, people, salesforce
):
    client = client_for(people["admin"])
    response = client.post(_url("connection"), _form(salesforce), follow=True)

    page = response.content.decode()
    assert "Connection saved" in page
    assert "Set. Leave empty to keep the saved one" in page
    assert CLIENT_SECRET not in page
    connection = CrmConnection.objects.get()
    assert CLIENT_SECRET not in connection.secret_encrypted
    assert decrypt(connection.secret_encrypted) == CLIENT_SECRET
    entry = LogEntry.objects.get(action="crm.connection_saved")
    assert CLIENT_SECRET not in str(entry.data) + str(entry.changes)


def test_saving_without_a_secret_keeps_the_saved_one(client_for, people, salesforce):
    client = client_for(people["admin"])
    client.post(_url("connection"), _form(salesforce))
    client.post(_url("connection"), _form(salesforce, secret="", enabled=""))

    connection = CrmConnection.objects.get()
    assert decrypt(connection.secret_encrypted) == CLIENT_SECRET and not connection.enabled


def test_a_first_connection_needs_its_secret(client_for, people, salesforce):
    response = client_for(people["admin"]).post(_url("connection"), _form(salesforce, secret=""))

    assert response.status_code == 400
    assert "Enter the client secret" in response.content.decode()
    assert not CrmConnection.objects.exists()


def test_sync_now_runs_and_the_page_lists_the_run_with_its_counts(
    client_for, people, salesforce, django_capture_on_commit_callbacks
):
    client = client_for(people["admin"])
    client.post(_url("connection"), _form(salesforce))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("sync_now"))
    page = client.get(_url("sync")).content.decode()

    assert "Sync started" in page  # the message, shown on the next page
    assert Deal.objects.count() == 3
    run = SyncRun.objects.get()
    assert run.trigger == "Sync now by admin@acme.example"
    assert "Succeeded" in page and "3 / 0 / 0 / 0" in page


def test_a_rejected_run_shows_each_record_and_field(
    client_for, people, salesforce, django_capture_on_commit_callbacks
):
    salesforce.record("Opportunity", "006D000000CuSnIIAV")["CloseDate"] = None
    client = client_for(people["admin"])
    client.post(_url("connection"), _form(salesforce))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("sync_now"))
    page = client.get(_url("sync")).content.decode()

    assert "Rejected: nothing saved" in page
    assert (
        "Opportunity 006D000000CuSnIIAV, CloseDate: A deal lost to competitor needs a close "
        "date." in page
    )
    assert "Traceback" not in page and not Deal.objects.exists()


def test_an_owner_may_not_see_the_connection(client_for, people):
    assert client_for(people["owner"]).get(_url("sync")).status_code == 403


def test_an_address_inside_the_network_is_refused(client_for, people, salesforce, settings):
    settings.REMOTE_FETCH_ALLOW_PRIVATE = False
    client = client_for(people["admin"])

    plain = client.post(_url("connection"), _form(salesforce, base_url="http://example.com"))
    inside = client.post(_url("connection"), _form(salesforce, base_url=salesforce.url))

    assert "Give the https:// address." in plain.content.decode()
    assert "That address points inside a private network." in inside.content.decode()
    assert not CrmConnection.objects.exists()


def test_hubspot_needs_no_address(client_for, people):
    client_for(people["admin"]).post(
        _url("connection"), {"kind": "hubspot", "secret": "pat-na1-x", "enabled": "on"}
    )

    assert CrmConnection.objects.get().base_url == "https://api.hubapi.com"
