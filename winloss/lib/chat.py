"""A message for a chat channel, in the two incoming-webhook formats teams actually have:
Slack's ``{"text": …}`` and the Microsoft Teams message card. Escalations and digests post
through here, over ``remote.post_json`` (public addresses only, like every fetch we make)."""

from typing import Any

from .remote import post_json

SLACK, TEAMS = "slack", "teams"
KINDS = [(SLACK, "Slack incoming webhook"), (TEAMS, "Microsoft Teams incoming webhook")]


def payload(kind: str, *, title: str, text: str, link: str, colour: str = "2F6FEB") -> dict:
    """The message in ``kind``'s format: a title, a text and one "Open in winloss" link."""
    if kind == TEAMS:
        return {
            "@type": "MessageCard",
            "@context": "https://schema.org/extensions",
            "summary": title,
            "themeColor": colour,
            "title": title,
            "text": text,
            "potentialAction": [
                {
                    "@type": "OpenUri",
                    "name": "Open in winloss",
                    "targets": [{"os": "default", "uri": link}],
                }
            ],
        }
    return {"text": f"*{title}*\n{text} <{link}|Open in winloss>"}


def post(kind: str, url: str, **message: Any) -> None:
    """Send the message; ``remote.FetchFailed`` says why it did not go."""
    post_json(url, payload(kind, **message))
