"""Chat messages in Slack's and Teams' webhook formats, posted only to addresses the server
may reach."""

import pytest

from winloss.lib import chat
from winloss.lib.remote import FetchFailed
from winloss.testing.servers import webhook_receiver

MESSAGE = {"title": "Digest", "text": "3 new excerpts on Pricing.", "link": "https://w.example/x"}


def test_slack_gets_one_text_with_the_link_and_teams_a_message_card():
    slack = chat.payload(chat.SLACK, **MESSAGE)
    assert slack == {
        "text": "*Digest*\n3 new excerpts on Pricing. <https://w.example/x|Open in winloss>"
    }
    teams = chat.payload(chat.TEAMS, **MESSAGE)
    assert teams["@type"] == "MessageCard" and teams["title"] == "Digest"
    assert teams["potentialAction"][0]["targets"][0]["uri"] == "https://w.example/x"


def test_a_post_reaches_the_webhook_and_a_loopback_one_only_when_allowed(settings):
    with webhook_receiver() as (url, received):
        settings.DEBUG = settings.REMOTE_FETCH_ALLOW_PRIVATE = False
        with pytest.raises(FetchFailed, match="private network"):
            chat.post(chat.SLACK, url, **MESSAGE)
        assert received == []
        settings.REMOTE_FETCH_ALLOW_PRIVATE = True
        chat.post(chat.TEAMS, url, **MESSAGE)
    assert [r["title"] for r in received] == ["Digest"]


def test_a_webhook_that_refuses_says_so(settings):
    settings.REMOTE_FETCH_ALLOW_PRIVATE = True
    with pytest.raises(FetchFailed, match="could not be reached"):
        chat.post(chat.SLACK, "http://127.0.0.1:9/", **MESSAGE)
    with pytest.raises(FetchFailed, match="https://"):
        chat.post(chat.SLACK, "ftp://example.com/", **MESSAGE)
