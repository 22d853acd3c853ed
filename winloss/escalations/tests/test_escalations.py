"""SOP step 9: an escalation reaches its owner by email and chat, is acknowledged, resolved."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone

from winloss.escalations import services
from winloss.escalations.models import ChatWebhook, Escalation, EscalationStatus
from winloss.escalations.queries import blocking_publication
from winloss.lib.concurrency import StaleEdit
from winloss.testing import make_program


@pytest.fixture
def program(workspace):
    return make_program(workspace)


@pytest.fixture
def chat(workspace, settings):
    """A local stand-in for Slack's or Teams' incoming webhook: it keeps what it is sent."""
    settings.REMOTE_FETCH_ALLOW_PRIVATE = True  # the stand-in listens on the loopback
    received: list[dict] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):  # quiet
            pass

    server = HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, received
    server.shutdown()
    server.server_close()


def _raise(program, owner, user, **overrides):
    fields = {
        "program": program,
        "category": "misrepresentation",
        "passage": "Your rep told us it supported SSO; it did not.",
        "owner": owner,
        "expected_response_by": timezone.localdate() + dt.timedelta(days=3),
        "user": user,
        **overrides,
    }
    return services.raise_escalation(**fields)


@pytest.mark.parametrize("kind", ["slack", "teams"])
def test_the_owner_is_emailed_and_the_channel_told(
    program, people, smtp_server, chat, django_capture_on_commit_callbacks, kind
):
    server, received = chat
    ChatWebhook.objects.create(
        workspace=program.workspace, kind=kind, url=f"http://127.0.0.1:{server.server_port}/hook"
    )
    with django_capture_on_commit_callbacks(execute=True):
        escalation = _raise(program, people["stakeholder"], people["analyst"])
    [mail] = smtp_server.messages
    assert mail["To"] == people["stakeholder"].email
    assert "Misrepresentation of product capability" in mail["Subject"]
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert f"/escalations/{escalation.pk}/" in body and "SSO" in body
    [payload] = received
    if kind == "slack":
        assert "SSO" in payload["text"]
    else:
        assert payload["@type"] == "MessageCard" and "SSO" in payload["text"]


def test_a_chat_outage_does_not_lose_the_escalation_or_the_email(
    program, people, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.REMOTE_FETCH_ALLOW_PRIVATE = True
    ChatWebhook.objects.create(workspace=program.workspace, kind="slack", url="http://127.0.0.1:9/")
    with django_capture_on_commit_callbacks(execute=True):
        _raise(program, people["stakeholder"], people["analyst"])
    assert Escalation.objects.count() == 1 and len(smtp_server.messages) == 1


def test_open_escalations_block_the_report_until_acknowledged(program, people):
    escalation = _raise(program, people["stakeholder"], people["analyst"])
    assert list(blocking_publication(program)) == [escalation]
    services.acknowledge(escalation, user=people["stakeholder"], expected_version=1)
    assert not blocking_publication(program).exists()
    with pytest.raises(services.EscalationError, match="Record how"):
        services.resolve(escalation, user=people["stakeholder"], resolution=" ", expected_version=2)
    with pytest.raises(StaleEdit):
        services.resolve(escalation, user=None, resolution="Fixed", expected_version=1)
    escalation.refresh_from_db()  # as the next page load would
    services.resolve(
        escalation, user=None, resolution="Rep coached; buyer called", expected_version=2
    )
    assert escalation.status == EscalationStatus.RESOLVED


def test_bad_escalations_are_refused_with_a_reason(program, people, outsider):
    with pytest.raises(services.EscalationError, match="not a member"):
        _raise(program, outsider, people["analyst"])
    with pytest.raises(services.EscalationError, match="in the past"):
        _raise(
            program,
            people["owner"],
            people["analyst"],
            expected_response_by=timezone.localdate() - dt.timedelta(days=1),
        )
    with pytest.raises(services.EscalationError, match="Quote what"):
        _raise(program, people["owner"], people["analyst"], passage="  ")
    assert not Escalation.objects.exists()


def test_overdue_escalations_stand_out(client_for, program, people):
    escalation = _raise(program, people["stakeholder"], people["analyst"])
    Escalation.objects.filter(pk=escalation.pk).update(
        expected_response_by=timezone.localdate() - dt.timedelta(days=2)
    )
    assert list(Escalation.objects.overdue()) == [escalation]
    page = client_for(people["analyst"]).get(
        f"/w/{program.workspace.slug}/programs/{program.pk}/escalations/"
    )
    assert b'class="overdue"' in page.content and b"Overdue" in page.content


def test_the_owner_acknowledges_from_the_page(client_for, program, people):
    escalation = _raise(program, people["stakeholder"], people["analyst"])
    url = f"/w/{program.workspace.slug}/programs/{program.pk}/escalations/{escalation.pk}/"
    client = client_for(people["stakeholder"])
    assert client.get(url).status_code == 200
    client.post(url + "acknowledge/", {"version": 1})
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.ACKNOWLEDGED
    # Another stakeholder, not the owner, may not.
    from winloss.accounts.roles import Role
    from winloss.testing import make_member

    other = make_member(program.workspace, Role.STAKEHOLDER)
    assert client_for(other).get(url).status_code == 403


def test_an_analyst_raises_one_by_hand(client_for, program, people):
    response = client_for(people["analyst"]).post(
        f"/w/{program.workspace.slug}/programs/{program.pk}/escalations/new/",
        {
            "category": "churn_risk",
            "passage": "We are already talking to other vendors about the renewal.",
            "owner": people["owner"].pk,
            "expected_response_by": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
        },
    )
    escalation = Escalation.objects.get()
    assert response["Location"].endswith(f"/escalations/{escalation.pk}/")
    assert escalation.owner == people["owner"] and escalation.raised_by == people["analyst"]


def test_the_admin_sets_up_and_changes_the_chat_channel_with_each_change_logged(
    client_for, program, people
):
    from winloss.activity.models import LogEntry

    url = f"/w/{program.workspace.slug}/programs/{program.pk}/escalations/chat/"
    client = client_for(people["admin"])
    form = {"kind": "slack", "url": "https://hooks.example/secret-1", "enabled": "on"}
    assert client.post(url, form).status_code == 302
    client.post(url, {**form, "kind": "teams", "url": "https://hooks.example/secret-2"})
    hook = ChatWebhook.objects.get(workspace=program.workspace)
    assert (hook.kind, hook.url, hook.enabled) == ("teams", "https://hooks.example/secret-2", True)
    logged = LogEntry.objects.filter(action="webhook.saved").order_by("pk")
    assert [e.data["kind"] for e in logged] == [
        "Slack incoming webhook",
        "Microsoft Teams incoming webhook",
    ]
    assert "secret" not in json.dumps([e.data for e in logged])  # the address is the key
