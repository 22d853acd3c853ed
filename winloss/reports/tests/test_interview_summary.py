"""A validated interview's summary: its reasons with the buyer's words (anonymised as they
allowed), the criteria raised, the competitors named and the rep's view beside the buyer's."""

import html

import pytest
from django.urls import reverse

from winloss.accounts.roles import Role
from winloss.reports.summaries import interview_summary
from winloss.testing import make_interview, make_member, make_program

from .summary_world import OBSERVED, PRICE, interview_with

pytestmark = pytest.mark.django_db


def read(client, url: str) -> str:
    """The page as a person reads it: markup kept, entities (an apostrophe) decoded."""
    return html.unescape(client.get(url).content.decode())


def url_of(interview) -> str:
    return reverse(
        "reports:interview_summary",
        kwargs={
            "ws": interview.workspace.slug,
            "program_id": interview.program_id,
            "interview_id": interview.pk,
        },
    )


@pytest.fixture
def program(workspace, people):
    return make_program(workspace, owner=people[Role.OWNER])


def test_stakeholder_reads_an_anonymous_respondents_reasons_in_redacted_words(
    program, people, client_for, django_assert_max_num_queries
):
    interview = interview_with(program, people, "anonymous", rep_reason="product_fit")
    client = client_for(people[Role.STAKEHOLDER])
    # A fixed number whatever the excerpts: the session, the access checks, the interview,
    # its identity (4), excerpts, expected criteria, debrief, and the step's header.
    with django_assert_max_num_queries(18):
        page = read(client, url_of(interview))
    assert "Pricing and commercial terms" in page and "(3 excerpts)" in page
    assert "“[name] here: [company] could not justify your price, call me on [phone].”" in page
    assert "“[company]'s budget was cut in half, and Vector came in cheaper.”" in page
    # The interviewer's observation is coded but never shown as the buyer's words.
    assert OBSERVED not in page
    for giveaway in ("Dana", "Whitfield", "Northwind", "555 0134", interview.entry.deal.name):
        assert giveaway not in page, giveaway
    assert "Competitors named" in page and "<li>Vector</li>" in page
    assert "Product fit — 1 excerpt" in page
    assert "(an expected buying criterion)" in page
    assert "Expected but not raised: Sales process quality." in page
    assert "<strong>Differ</strong>" in page


def test_not_quotable_respondent_gives_reasons_but_no_quotes(program, people, client_for):
    interview = interview_with(program, people, "not_quotable", rep_reason="pricing_commercial")
    page = read(client_for(people[Role.STAKEHOLDER]), url_of(interview))
    assert "Pricing and commercial terms" in page
    assert "The respondent asked not to be quoted: no words of theirs are shown." in page
    assert "<blockquote>" not in page
    assert "budget was cut" not in page and "justify your price" not in page
    assert "<strong>Agree</strong>" in page


def test_program_team_sees_the_deal_and_the_crm_reason_beside_the_buyers(
    program, people, client_for
):
    interview = interview_with(program, people, "named", crm="Lost on price to Vector")
    page = read(client_for(people[Role.ANALYST]), url_of(interview))
    assert interview.entry.deal.name in page
    assert "the CRM's stated reason, read with the codebook" in page
    assert "CRM: “Lost on price to Vector”" in page
    # Named: the respondent's own name and company stay in their words.
    assert "Dana Whitfield here: Northwind Traders could not justify your price" in page
    assert "Dana Whitfield, buyer at Northwind Traders Inc." in page


def test_a_stakeholder_never_sees_the_crm_wording(program, people, client_for):
    interview = interview_with(program, people, "anonymous", crm="Northwind went with Vector")
    page = read(client_for(people[Role.STAKEHOLDER]), url_of(interview))
    assert "Northwind went with Vector" not in page


def test_an_unvalidated_interview_has_no_summary(program, people, client_for):
    interview = make_interview(program, [PRICE], validated=False)
    for role in (Role.STAKEHOLDER, Role.ANALYST):
        assert client_for(people[role]).get(url_of(interview)).status_code == 404


def test_another_workspace_cannot_open_the_summary(program, people, outsider, client_for):
    interview = interview_with(program, people, "anonymous")
    foreign = url_of(interview).replace("/acme/", "/globex/")
    assert client_for(outsider).get(foreign).status_code == 404
    stranger = make_member(outsider.memberships.get().workspace, Role.ADMIN)
    assert client_for(stranger).get(url_of(interview)).status_code == 404


def test_validated_interview_review_links_to_its_summary(program, people, client_for):
    interview = interview_with(program, people, "anonymous")
    review = reverse(
        "interviews:review",
        kwargs={"ws": "acme", "program_id": program.pk, "interview_id": interview.pk},
    )
    page = read(client_for(people[Role.REVIEWER]), review)
    assert "The interview's summary" in page and url_of(interview) in page


def test_summary_reads_main_reasons_in_the_direction_that_decided_the_deal(program, people):
    interview = interview_with(program, people, "anonymous", rep_reason="pricing_commercial")
    summary = interview_summary(interview)
    assert [r["theme"] for r in summary["reasons"]] == ["pricing_commercial"]
    assert len(summary["reasons"][0]["quotes"]) == 2
    assert summary["buyer_reason"]["name"] == "Pricing and commercial terms"
    assert summary["rep"]["agrees"] is True
    assert summary["competitors"] == ["Vector"]
    by_direction = {g["direction"]: g["themes"] for g in summary["criteria"]}
    assert [(t["theme"], t["count"]) for t in by_direction["loss_driver"]] == [
        ("pricing_commercial", 3)
    ]
    assert [(t["theme"], t["count"]) for t in by_direction["win_driver"]] == [("product_fit", 1)]
