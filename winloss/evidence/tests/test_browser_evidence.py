"""Searching the evidence library in the browser: an analyst filters, saves the search and
downloads it; a stakeholder and a sales leader find only published buyers' words."""

import pytest
from playwright.sync_api import expect

from winloss.accounts.roles import Role
from winloss.browser import log_in, screenshot
from winloss.testing import PASSWORD, make_member

from .world import library_world, publish

pytestmark = pytest.mark.browser


def test_the_analyst_searches_filters_saves_and_downloads(
    browser_page, live_server, workspace, people
):
    library_world(workspace, people)
    page = browser_page
    log_in(page, live_server, people[Role.ANALYST].email, PASSWORD)
    page.goto(f"/w/{workspace.slug}/programs/")
    page.get_by_role("link", name="Evidence").click()
    expect(page.get_by_role("heading", name="Evidence library")).to_be_visible()
    expect(page.get_by_text("[name] here, from [company]")).to_be_visible()  # anonymous
    expect(page.get_by_text("zebra-striped")).to_have_count(0)  # "do not quote me"

    page.get_by_label("Words").fill("onboarding")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator(".evidence-count")).to_contain_text("3 excerpts found")
    page.get_by_label("Direction").select_option(label="Win driver")
    page.get_by_label("Theme").select_option(label="Product fit")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator(".evidence-count")).to_contain_text("1 excerpt found")
    expect(page.get_by_text("The onboarding plan won us over.")).to_be_visible()

    page.get_by_label("Name this search").fill("Onboarding wins")
    page.get_by_role("button", name="Save this search").click()
    expect(page.locator(".flash").first).to_contain_text("Search “Onboarding wins” saved.")
    page.get_by_label("Words").fill("")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Onboarding wins").click()
    expect(page.locator(".evidence-count")).to_contain_text("1 excerpt found")
    screenshot(page, "evidence-library")

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    with open(download.value.path(), encoding="utf-8") as exported:
        rows = exported.read().splitlines()
    assert rows[0].startswith("Text,Theme,Direction,Outcome,Program,Wave")
    assert len(rows) == 2 and rows[1].startswith("The onboarding plan won us over.,Product fit")

    page.get_by_role("button", name="Delete the saved search Onboarding wins").click()
    expect(page.locator(".flash").first).to_contain_text("Search “Onboarding wins” deleted.")
    expect(page.get_by_role("link", name="Onboarding wins")).to_have_count(0)


@pytest.mark.parametrize("reader", ["stakeholder", "sales leader"])
def test_stakeholders_find_only_published_buyers_words_with_no_way_to_the_deal(
    browser_page, live_server, workspace, people, reader
):
    """A sales leader is a member with the stakeholder role: what buyers said about a
    competitor, once a report is published, and nothing that leads to the deal."""
    _, wave, _ = library_world(workspace, people)
    user = (
        make_member(workspace, Role.STAKEHOLDER, email="vp.sales@acme.example")
        if reader == "sales leader"
        else people[Role.STAKEHOLDER]
    )
    page = browser_page
    log_in(page, live_server, user.email, PASSWORD)
    page.goto(f"/w/{workspace.slug}/programs/")
    page.get_by_role("link", name="Evidence").click()
    expect(page.get_by_text("No quotable excerpts yet")).to_be_visible()

    publish(wave)
    page.get_by_label("Competitor").select_option(label="Vector")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("The onboarding plan won us over.")).to_be_visible()
    expect(page.get_by_text("So onboarding decided it for you?")).to_have_count(0)  # interviewer
    expect(page.get_by_text("Onboarding was slow.")).to_have_count(0)  # not validated
    expect(page.get_by_text("[name] here", exact=False)).to_have_count(0)  # unpublished wave
    expect(page.get_by_role("link", name="Deal", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Interview", exact=True)).to_have_count(0)
