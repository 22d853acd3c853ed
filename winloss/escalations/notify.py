"""Telling the owner: an email, and a chat message where the workspace set a webhook up.

Chat messages are Slack's or Teams' incoming-webhook format (``lib.chat``). Sent by the task
worker, so a slow chat service never holds up the page, and a failure is logged, never lost
silently.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django_tasks import task

from winloss.lib import chat
from winloss.lib.remote import FetchFailed, post_json

from .models import ChatWebhook, Escalation

logger = logging.getLogger(__name__)
TIMEOUT_S = 10


def link(escalation: Escalation) -> str:
    return settings.SITE_URL + reverse(
        "escalations:detail",
        kwargs={
            "ws": escalation.workspace.slug,
            "program_id": escalation.program_id,
            "escalation_id": escalation.pk,
        },
    )


def summary(escalation: Escalation) -> str:
    return (
        f"Escalation ({escalation.get_category_display()}) in {escalation.program}: "
        f"“{escalation.passage[:300]}”. Owner: {escalation.owner}; response expected by "
        f"{escalation.expected_response_by:%d %b %Y}."
    )


def chat_payload(kind: str, escalation: Escalation) -> dict:
    title = f"Escalation: {escalation.get_category_display()}"
    return chat.payload(
        kind, title=title, text=summary(escalation), link=link(escalation), colour="B42318"
    )


@task()
def notify_owner(escalation_id: int) -> None:
    escalation = (
        Escalation.objects.select_related("owner", "program", "workspace")
        .filter(pk=escalation_id)
        .first()
    )
    if escalation is None:
        return
    message = EmailMultiAlternatives(
        subject=f"Escalation for you: {escalation.get_category_display()}",
        body=(
            f"{summary(escalation)}\n\nAcknowledge it, then record how it was resolved:\n"
            f"{link(escalation)}\n\nThe program's report cannot be published while it is open "
            "and unacknowledged."
        ),
        to=[escalation.owner.email],
    )
    message.send()
    hook = ChatWebhook.objects.filter(workspace=escalation.workspace, enabled=True).first()
    if hook is not None:
        post_chat(hook, escalation)


def post_chat(hook: ChatWebhook, escalation: Escalation) -> None:
    try:
        post_json(hook.url, chat_payload(hook.kind, escalation), timeout=TIMEOUT_S)
    except FetchFailed as error:  # the email went; a chat outage is logged, not fatal
        logger.warning("Chat webhook for escalation %s failed: %s", escalation.pk, error)
