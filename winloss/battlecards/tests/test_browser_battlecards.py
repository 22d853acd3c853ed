"""Reading a competitor's battlecard in the browser as an analyst (the live analysis), a
stakeholder (what the reports published) and a sales leader (a stakeholder taking the slide
to a sales meeting)."""

import io

import pytest
from playwright.sync_api import expect
from pptx import Presentation

from winloss.accounts.roles import Role
from winloss.browser import log_in, screenshot
from winloss.testing import PASSWORD, make_member

from .world import battlecard_world

pytestmark = pytest.mark.browser

QUOTE = "“[name] here, from [company]: Vector came in a third below your price.”"


def _open_card(page, program: str = "Q2 wave") -> None:
    page.get_by_role("link", name="Battlecards", exact=True).click()
    expect(page.get_by_role("heading", name="Battlecards")).to_be_visible()
    page.get_by_role("link", name=program).click()
    page.get_by_role("link", name="Vector").click()
    expect(page.get_by_role("heading", name="Battlecard: Vector")).to_be_visible()


def test_the_analyst_reads_the_live_head_to_head_with_its_base(
    browser_page, live_server, workspace, people
):
    battlecard_world(workspace, people)
    page = browser_page
    log_in(page, live_server, people[Role.ANALYST].email, PASSWORD)
    page.goto(f"/w/{workspace.slug}/programs/")
    _open_card(page)
    card = page.locator("article.battlecard")
    expect(card).to_contain_text("from the live analysis of each wave's validated interviews")
    expect(card).to_contain_text("6 of 14 closed deals in the CRM that met Vector")
    waves = page.locator("table.battlecard-waves")
    expect(waves.get_by_role("row", name="Q1 wave")).to_contain_text(
        "too few to tell (1 of 4 closed deals in the CRM that met Vector)"
    )
    loss = page.get_by_role("region", name="Why we lose to Vector")
    expect(loss).to_contain_text("Pricing and commercial terms: 75% (95% CI")
    expect(loss).to_contain_text("6 of 8 deals not won where Vector was")
    expect(loss.get_by_text(QUOTE)).to_be_visible()  # anonymous: name and company taken out
    win = page.get_by_role("region", name="Why we win against Vector")
    expect(win).to_contain_text("Omar Haddad")  # named: the respondent allowed it
    expect(page.get_by_text("zebra-striped")).to_have_count(0)  # "do not quote me"
    expect(page.get_by_text("I think Vector's discount")).to_have_count(0)  # not the buyer's
    actions = page.get_by_role("region", name="Open actions about Vector")
    expect(actions).to_contain_text("Answer Vector's price in the renewal playbook")
    expect(actions).not_to_contain_text("Beat Vector on price once more")  # done
    expect(actions).not_to_contain_text("Shorten onboarding")  # not about Vector
    screenshot(page, "battlecard")


def test_the_stakeholder_reads_only_the_published_figures(
    browser_page, live_server, workspace, people
):
    w = battlecard_world(workspace, people)
    page = browser_page
    log_in(page, live_server, people[Role.STAKEHOLDER].email, PASSWORD)
    page.goto(f"/w/{workspace.slug}/programs/")
    _open_card(page)
    card = page.locator("article.battlecard")
    expect(card).to_contain_text("from each wave's latest published report")
    expect(card).to_contain_text("(this wave: version 1, published")
    expect(card).to_contain_text("43% (95% CI")
    expect(card).to_contain_text("6 of 14 closed deals in the CRM that met Vector")
    waves = page.locator("table.battlecard-waves")
    expect(waves.get_by_role("row", name="Q1 wave")).to_contain_text("Report not published yet")
    loss = page.get_by_role("region", name="Why we lose to Vector")
    expect(loss.get_by_text(QUOTE)).to_be_visible()
    expect(page.get_by_text("Dana Whitfield")).to_have_count(0)
    expect(page.get_by_text("zebra-striped")).to_have_count(0)

    # Q1 was never published: its own cards say so rather than show a figure.
    page.goto(f"/w/{workspace.slug}/battlecards/{w['first'].pk}/")
    expect(page.get_by_text("This program's report is not published yet")).to_be_visible()


def test_the_sales_leader_takes_the_slide_to_the_sales_meeting(
    browser_page, live_server, workspace, people
):
    w = battlecard_world(workspace, people)
    leader = make_member(workspace, Role.STAKEHOLDER, name="Sasha Lane", email="sasha@x.example")
    page = browser_page
    log_in(page, live_server, leader.email, PASSWORD)
    # From the program's report, where the readout lives.
    page.goto(f"/w/{workspace.slug}/programs/{w['second'].pk}/report/")
    page.get_by_role("link", name="Battlecards: one card per competitor").click()
    expect(page.get_by_role("row", name="Vector")).to_contain_text("43% (95% CI")
    page.get_by_role("link", name="Vector").click()
    expect(page.get_by_role("region", name="What buyers said about their pricing")).to_contain_text(
        "Vector came in a third below your price."
    )
    expect(page.get_by_role("region", name="Open actions about Vector")).to_contain_text(
        "Answer Vector's price in the renewal playbook"
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="Slide (PPTX)").click()
    assert download.value.suggested_filename == "battlecard-vector-q2-wave.pptx"
    with open(download.value.path(), "rb") as deck:
        slides = Presentation(io.BytesIO(deck.read())).slides
    assert len(slides) == 1
