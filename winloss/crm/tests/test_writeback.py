"""Writing a validated interview's findings back to a local Salesforce and HubSpot that answer
as their vendors document: the status, the mapped main reasons and the link, never the
buyer's words, and only the status and link when their consent does not allow more."""

import json

import pytest
from django.utils import timezone

from winloss.accounts.roles import Role
from winloss.activity.models import LogEntry
from winloss.coding.queries import codebook_for
from winloss.coding.services import code_excerpt
from winloss.crm.models import WriteBack, WriteBackStatus
from winloss.crm.writeback import preview_write_back, write_back_interview
from winloss.interviews.models import Note, Validation, ValidationStatus
from winloss.interviews.review.services import sign_off
from winloss.outreach.models import ConsentRecord
from winloss.reports.tests.summary_world import FIT, PRICE, PRICE_AGAIN, interview_with
from winloss.testing import make_guide, make_program

from .servers import fixture

LOST_OPPORTUNITY = "006D000000CuSnIIAV"
HUBSPOT_DEAL = "9000001"
SUMMARY = "Lost on price first, and on a sales process that left the buyer waiting for weeks."
MAPPING = {"pricing_commercial": "Price", "product_fit": "Product fit"}


def _configure(connection, **overrides):
    settings = {
        "write_back": True,
        "status_field": "Win_Loss_Status__c",
        "reasons_field": "Win_Loss_Reasons__c",
        "link_field": "Win_Loss_Summary__c",
        "theme_values": MAPPING,
        **overrides,
    }
    for name, value in settings.items():
        setattr(connection, name, value)
    connection.save()
    return connection


@pytest.fixture
def interview(workspace, people):
    """A lost deal's validated interview: pricing is the main reason, sales process second
    (coded here on the product-fit note, as the buyer also blamed the process)."""
    program = make_program(workspace, owner=people[Role.OWNER])
    questions = ["What mattered most in the decision?", "And the price?", "What else?", "More?"]
    make_guide(program, questions, approved=True)
    interview = interview_with(program, people, "named")
    # The rest of a complete record, so a reviewer may sign it off.
    Note.objects.create(interview=interview, kind="interpretation", text=SUMMARY)
    interview.respondent_role, interview.started_at = "evaluator", timezone.now()
    interview.save(update_fields=["respondent_role", "started_at"])
    note = interview.notes.get(text=FIT)
    themes = {t.slug: t for t in codebook_for(workspace)}
    code_excerpt(
        interview=interview,
        passage_key=f"note-{note.pk}",
        start=0,
        end=len(FIT),
        theme=themes["sales_process"],
        direction="loss_driver",
        user=people[Role.ANALYST],
    )
    return interview


def _on_deal(interview, crm_id: str):
    deal = interview.entry.deal
    deal.crm_id = crm_id
    deal.save(update_fields=["crm_id"])
    return interview


def _no_words_in(body) -> None:
    sent = json.dumps(body)
    for words in (PRICE, PRICE_AGAIN, FIT, SUMMARY, "Dana", "Northwind", "budget", "weeks"):
        assert words not in sent, words


def test_the_preview_shows_the_fields_and_sends_nothing(
    salesforce_connection, salesforce, interview
):
    _configure(salesforce_connection)
    _on_deal(interview, LOST_OPPORTUNITY)

    preview = preview_write_back(connection=salesforce_connection, interview=interview)

    assert preview.skipped == ""
    assert preview.fields["Win_Loss_Status__c"] == "Interview validated"
    assert preview.fields["Win_Loss_Reasons__c"] == "Price"
    assert preview.fields["Win_Loss_Summary__c"].endswith(
        f"/programs/{interview.program_id}/interviews/{interview.pk}/summary/"
    )
    assert preview.notes == [
        "Sales process quality has no Salesforce value in the mapping: left out."
    ]
    assert salesforce.seen == [] and not WriteBack.objects.exists()


def test_validating_writes_status_reasons_and_link_to_the_opportunity(
    salesforce_connection, salesforce, interview, people, django_capture_on_commit_callbacks
):
    _configure(
        salesforce_connection,
        theme_values={**MAPPING, "sales_process": "Sales process"},
    )
    _on_deal(interview, LOST_OPPORTUNITY)
    validation = Validation.objects.get(interview=interview)
    Validation.objects.filter(pk=validation.pk).update(status=ValidationStatus.PENDING)
    validation.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        sign_off(interview, user=people[Role.REVIEWER], expected_version=validation.version)

    ((record, body),) = salesforce.updates
    assert record == LOST_OPPORTUNITY
    assert body["Win_Loss_Status__c"] == "Interview validated"
    assert body["Win_Loss_Reasons__c"] == "Price;Sales process"
    assert f"/interviews/{interview.pk}/summary/" in body["Win_Loss_Summary__c"]
    _no_words_in(body)
    assert salesforce.record("Opportunity", LOST_OPPORTUNITY)["Win_Loss_Reasons__c"] == (
        "Price;Sales process"
    )
    write = WriteBack.objects.get()
    assert (write.status, write.crm_id, write.user) == (
        WriteBackStatus.SENT, LOST_OPPORTUNITY, people[Role.REVIEWER],
    )  # fmt: skip
    entry = LogEntry.objects.get(action="crm.written_back")
    assert entry.data["result"] == "written" and entry.data["record"] == LOST_OPPORTUNITY


def test_without_consent_to_use_the_answers_only_the_status_and_link_are_written(
    salesforce_connection, salesforce, interview
):
    _configure(salesforce_connection)
    _on_deal(interview, LOST_OPPORTUNITY)
    latest = ConsentRecord.objects.get(appointment=interview.appointment)
    latest.pk = None
    latest.notes_allowed = False  # a later answer: notes no longer allowed
    latest.save()

    write = write_back_interview(interview=interview)

    ((_, body),) = salesforce.updates
    assert set(body) == {"Win_Loss_Status__c", "Win_Loss_Summary__c"}
    _no_words_in(body)
    assert write.status == WriteBackStatus.SENT


def test_a_busy_crm_is_asked_again_after_a_pause(salesforce_connection, salesforce, interview):
    _configure(salesforce_connection)
    _on_deal(interview, LOST_OPPORTUNITY)
    salesforce.update_queue.append(
        (429, {"Retry-After": "3"}, fixture("salesforce/request_limit.json"))
    )
    waits: list[float] = []

    write = write_back_interview(interview=interview, sleep=waits.append)

    assert write.status == WriteBackStatus.SENT, write.error
    assert (waits, write.retries) == ([3.0], 1)
    assert len(salesforce.updates) == 2  # the refused one, then the one that went through


def test_a_refused_write_is_recorded_and_the_validation_stands(
    salesforce_connection, salesforce, interview
):
    _configure(salesforce_connection, status_field="Not_There__c")
    _on_deal(interview, LOST_OPPORTUNITY)

    write = write_back_interview(interview=interview)

    assert write.status == WriteBackStatus.FAILED
    assert "INVALID_FIELD: No such column 'Not_There__c'" in write.error
    assert Validation.objects.get(interview=interview).status == ValidationStatus.SIGNED_OFF
    assert LogEntry.objects.get(action="crm.written_back").data["result"] == "failed"


def test_a_deal_imported_from_another_system_is_skipped_with_the_reason(
    salesforce_connection, salesforce, interview
):
    _configure(salesforce_connection)
    _on_deal(interview, "D-2025-0042")

    write = write_back_interview(interview=interview)

    assert write.status == WriteBackStatus.SKIPPED
    assert "is not a Salesforce opportunity id" in write.error
    assert salesforce.seen == []


def test_hubspot_deals_get_the_same_properties(hubspot_connection, hubspot, interview):
    _configure(hubspot_connection)
    _on_deal(interview, HUBSPOT_DEAL)

    write = write_back_interview(interview=interview)

    assert write.status == WriteBackStatus.SENT, write.error
    ((deal, properties),) = hubspot.updates
    assert deal == HUBSPOT_DEAL
    assert properties["Win_Loss_Status__c"] == "Interview validated"
    assert properties["Win_Loss_Reasons__c"] == "Price"
    _no_words_in(properties)


def test_hubspot_rate_limit_then_success(hubspot_connection, hubspot, interview):
    _configure(hubspot_connection)
    _on_deal(interview, HUBSPOT_DEAL)
    hubspot.update_queue.append((429, {"Retry-After": "1"}, fixture("hubspot/rate_limit.json")))
    waits: list[float] = []

    write = write_back_interview(interview=interview, sleep=waits.append)

    assert write.status == WriteBackStatus.SENT, write.error
    assert waits == [1.0] and len(hubspot.updates) == 2


def test_switched_off_nothing_is_queued_on_validation(
    salesforce_connection, salesforce, interview, people, django_capture_on_commit_callbacks
):
    _configure(salesforce_connection, write_back=False)
    _on_deal(interview, LOST_OPPORTUNITY)
    validation = Validation.objects.get(interview=interview)
    Validation.objects.filter(pk=validation.pk).update(status=ValidationStatus.PENDING)
    validation.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        sign_off(interview, user=people[Role.REVIEWER], expected_version=validation.version)

    assert salesforce.seen == [] and not WriteBack.objects.exists()


def test_the_command_previews_and_with_send_writes(
    salesforce_connection, salesforce, interview, capsys
):
    from django.core.management import call_command

    _configure(salesforce_connection)
    _on_deal(interview, LOST_OPPORTUNITY)

    call_command("write_back_crm", "--workspace", "acme", "--interview", str(interview.pk))
    out = capsys.readouterr().out
    assert f"Salesforce record {LOST_OPPORTUNITY}" in out
    assert "  Win_Loss_Reasons__c = Price" in out and "Preview: nothing was sent." in out
    assert salesforce.seen == []

    call_command(
        "write_back_crm", "--workspace", "acme", "--interview", str(interview.pk), "--send",
        "--json",
    )  # fmt: skip
    said = json.loads(capsys.readouterr().out)
    assert said["status"] == "sent" and said["fields"]["Win_Loss_Status__c"] == (
        "Interview validated"
    )
    assert len(salesforce.updates) == 1
