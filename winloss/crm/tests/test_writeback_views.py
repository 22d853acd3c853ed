"""The CRM page's write-back: the settings and theme mapping an admin edits, the preview of
what an interview would write (nothing sent), and writing again after a failure."""

import html

from django.urls import reverse

from winloss.activity.models import LogEntry
from winloss.crm.models import CrmConnection, WriteBack, WriteBackStatus

from .test_writeback import LOST_OPPORTUNITY, _configure, _on_deal
from .test_writeback import interview as interview  # the validated interview fixture


def _url(name: str, **kwargs) -> str:
    return reverse(f"crm:{name}", kwargs={"ws": "acme", **kwargs})


def _read(response) -> str:
    return html.unescape(response.content.decode())


def test_an_admin_switches_write_back_on_and_maps_themes_to_picklist_values(
    client_for, people, salesforce_connection
):
    client = client_for(people["admin"])
    page = _read(client.get(_url("sync")))
    assert "Writing findings back" in page
    assert "Pricing and commercial terms: picklist value" in page

    response = client.post(
        _url("write_back_settings"),
        {
            "write_back": "on",
            "status_field": "Win_Loss_Status__c",
            "reasons_field": "Win_Loss_Reasons__c",
            "link_field": "",
            "theme_pricing_commercial": "Price",
            "theme_product_fit": " Product fit ",
            "theme_sales_process": "",
        },
        follow=True,
    )

    assert "Write-back settings saved." in _read(response)
    connection = CrmConnection.objects.get()
    assert connection.write_back and connection.status_field == "Win_Loss_Status__c"
    assert connection.theme_values == {"pricing_commercial": "Price", "product_fit": "Product fit"}
    assert 'value="Product fit"' in response.content.decode()
    entry = LogEntry.objects.get(action="crm.write_back_saved")
    assert entry.changes["write_back"] == [False, True]


def test_a_value_with_a_semicolon_is_refused(client_for, people, salesforce_connection):
    response = client_for(people["admin"]).post(
        _url("write_back_settings"),
        {"write_back": "on", "status_field": "S__c", "theme_pricing_commercial": "Price;Cost"},
    )

    assert response.status_code == 400
    assert "A picklist value may not contain “;”: Price;Cost" in _read(response)
    assert CrmConnection.objects.get().theme_values == {}


def test_switching_on_needs_a_field(client_for, people, salesforce_connection):
    response = client_for(people["admin"]).post(_url("write_back_settings"), {"write_back": "on"})

    assert "Name at least one field to write to." in _read(response)
    assert not CrmConnection.objects.get().write_back


def test_the_preview_page_shows_what_would_be_written_and_sends_nothing(
    client_for, people, salesforce_connection, salesforce, interview
):
    _configure(salesforce_connection)
    _on_deal(interview, LOST_OPPORTUNITY)
    client = client_for(people["admin"])
    listing = _read(client.get(_url("sync")))
    assert "What would be written to the CRM" in listing

    page = _read(client.get(_url("write_back_preview", interview_id=interview.pk)))

    assert "<h1>What would be written to the CRM</h1>" in page
    assert f"Salesforce opportunity {LOST_OPPORTUNITY}" in page
    assert '<th scope="row">Win_Loss_Reasons__c</th><td>Price</td>' in page
    assert "Interview validated" in page
    assert "Sales process quality has no Salesforce value in the mapping: left out." in page
    assert salesforce.seen == [] and not WriteBack.objects.exists()


def test_a_failed_write_is_shown_and_written_again(
    client_for, people, salesforce_connection, salesforce, interview,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from winloss.crm.writeback import write_back_interview

    _configure(salesforce_connection)
    _on_deal(interview, LOST_OPPORTUNITY)
    salesforce.update_queue.append((400, {}, [{"errorCode": "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                                               "message": "Closed deals are locked"}]))  # fmt: skip
    write_back_interview(interview=interview)
    client = client_for(people["admin"])
    assert "FIELD_CUSTOM_VALIDATION_EXCEPTION: Closed deals are locked" in _read(
        client.get(_url("sync"))
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("write_back_now", interview_id=interview.pk), follow=True)

    assert "Writing to the CRM" in _read(response)
    statuses = list(WriteBack.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == [WriteBackStatus.FAILED, WriteBackStatus.SENT]
    assert len(salesforce.updates) == 2
