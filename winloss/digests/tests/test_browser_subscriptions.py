"""Following things for the weekly digest, in the browser, as a stakeholder, an analyst and a
sales leader (a member with the stakeholder role), each then seeing it on My subscriptions."""

import pytest
from playwright.sync_api import expect

from winloss.accounts.roles import Role
from winloss.browser import log_in, screenshot
from winloss.deals.models import Competitor
from winloss.evidence.tests.world import publish, second_wave
from winloss.testing import PASSWORD, make_member, make_program

pytestmark = pytest.mark.browser


@pytest.fixture
def wave(workspace, people):
    wave, _ = second_wave(make_program(workspace, name="Q1 wave", owner=people[Role.OWNER]))
    publish(wave)
    return wave


def _open_subscriptions(page, live_server, workspace):
    page.goto(f"{live_server.url}/w/{workspace.slug}/programs/")
    page.locator("#user-menu summary").click()
    page.get_by_role("link", name="My subscriptions").click()
    expect(page.get_by_role("heading", name="My subscriptions")).to_be_visible()


def test_the_analyst_follows_a_theme_from_the_evidence_library(
    browser_page, live_server, workspace, people, wave
):
    page = browser_page
    log_in(page, live_server, people[Role.ANALYST].email, PASSWORD)
    page.goto(f"{live_server.url}/w/{workspace.slug}/evidence/")
    page.get_by_label("Theme").select_option(label="Product fit")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("button", name="Follow theme “Product fit”").click()
    expect(page.locator(".flash").first).to_contain_text(
        "You follow Theme: Product fit: it is in your weekly digest."
    )
    _open_subscriptions(page, live_server, workspace)
    follows = page.get_by_role("region", name="What you follow")
    expect(follows).to_contain_text("Theme: Product fit")
    page.get_by_role("button", name="Stop following Product fit").click()
    expect(page.locator(".flash").first).to_contain_text("You no longer follow Theme: Product fit.")
    expect(follows).to_contain_text("You follow nothing yet")


def test_the_stakeholder_follows_a_program_and_reads_what_the_digest_holds(
    browser_page, live_server, workspace, people, wave
):
    page = browser_page
    log_in(page, live_server, people[Role.STAKEHOLDER].email, PASSWORD)
    _open_subscriptions(page, live_server, workspace)
    expect(page.get_by_text("As a stakeholder, you get the buyers' own words")).to_be_visible()
    page.get_by_label("Program", exact=True).select_option(label="Q2 wave (all 2 waves)")
    page.get_by_role("button", name="Follow this program").click()
    expect(page.get_by_role("region", name="What you follow")).to_contain_text(
        "Program: Q2 wave (all 2 waves)"
    )


def test_the_sales_leader_follows_a_competitor_and_a_segment(
    browser_page, live_server, workspace, people, wave
):
    leader = make_member(
        workspace, Role.STAKEHOLDER, email="sales.leader@acme.example", name="Sam Sales-Leader"
    )
    page = browser_page
    log_in(page, live_server, leader.email, PASSWORD)
    _open_subscriptions(page, live_server, workspace)
    page.get_by_label("Competitor", exact=True).select_option(label="Vector")
    page.get_by_role("button", name="Follow this competitor").click()
    page.get_by_label("Segment", exact=True).select_option(label="Mid-market")
    page.get_by_role("button", name="Follow this segment").click()
    follows = page.get_by_role("region", name="What you follow")
    expect(follows).to_contain_text("Competitor: Vector")
    expect(follows).to_contain_text("Segment: Mid-market")
    page.get_by_label("Chat channel").select_option(label="Slack incoming webhook")
    page.get_by_label("Incoming webhook address").fill("https://hooks.slack.example/T0/B0/x")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flash").first).to_contain_text("Saved how your digest reaches you.")
    expect(page.get_by_label("Incoming webhook address")).to_have_value(
        "https://hooks.slack.example/T0/B0/x"
    )
    screenshot(page, "digests-subscriptions")


def test_the_sales_leaders_digest_reads_as_a_stakeholders_in_their_mail_program(
    browser_page, workspace, people, wave, smtp_server
):
    from winloss.digests import services

    leader = make_member(
        workspace, Role.STAKEHOLDER, email="sales.leader@acme.example", name="Sam Sales-Leader"
    )
    services.follow(workspace=workspace, member=leader, follows="theme", value="product_fit")
    vector = Competitor.objects.get(workspace=workspace, name="Vector")
    services.follow(workspace=workspace, member=leader, follows="competitor", value=str(vector.pk))
    assert services.send_digests() == 1
    [mail] = smtp_server.messages
    page = browser_page
    page.set_content(mail.get_body(preferencelist=("html",)).get_content())
    expect(
        page.get_by_role("heading", name="Your weekly win-loss digest for Acme Corp")
    ).to_be_visible()
    expect(
        page.get_by_text("As a stakeholder you get what the published reports show")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Theme: Product fit — 1 new excerpt")).to_be_visible()
    # Under the theme, and under the competitor: the words are about the deal's rival.
    expect(page.get_by_text("The onboarding plan won us over.")).to_have_count(2)
    expect(page.get_by_text("So onboarding decided it for you?")).to_have_count(0)
    expect(page.get_by_role("link", name="Stop these digests")).to_be_visible()
    screenshot(page, "digests-email")
