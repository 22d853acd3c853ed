"""The survey end to end in a real browser: the coordinator sends it, the buyer answers on a
phone in German, closes the tab midway, comes back, finishes in English, and the team reads
the answers."""

import re

import pytest
from playwright.sync_api import expect

from winloss.browser import log_in, screenshot
from winloss.testing import PASSWORD

from .conftest import recent_deal

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 667}
CHANGE_DE = (
    "Was hätte Ihr Team rückblickend, wenn überhaupt, zu einer anderen Entscheidung führen können?"
)


def test_a_buyer_answers_on_a_phone_in_two_languages_and_resumes_after_closing_the_tab(
    browser_page, live_server, program, survey, workspace, people, smtp_server
):
    recent_deal(workspace, name="Harbour renewal", email="ana@buyer.example")
    page = browser_page
    log_in(page, live_server, people["coordinator"].email, PASSWORD)
    base = f"/w/{workspace.slug}/programs/{program.pk}/survey"
    page.goto(f"{base}/send/")
    expect(page.get_by_role("heading", name="Will be sent: 1")).to_be_visible()
    page.get_by_role("button", name="Send the survey to 1 buyers").click()
    page.get_by_role("button", name="See the result").click()  # the send ran as a job
    expect(page.get_by_role("cell", name="Harbour renewal")).to_be_visible()

    (mail,) = smtp_server.messages
    url = re.search(r"https?://\S+/s/\S+/", mail.get_content()).group(0)
    path = url.split("://", 1)[1].split("/", 1)[1]

    # The buyer, on a phone, switches to German and agrees.
    context = page.context
    buyer = context.new_page()
    buyer.set_viewport_size(PHONE)
    buyer.goto(f"/{path}")
    buyer.get_by_label("Language").select_option("de")
    buyer.get_by_role("button", name="Show in this language").click()
    expect(buyer.get_by_role("heading", name="Bevor Sie beginnen")).to_be_visible()
    buyer.get_by_label("Zitate nur ohne meinen Namen oder mein Unternehmen").check()
    buyer.get_by_label("Meine Antworten dürfen wie oben beschrieben verwendet werden").check()
    buyer.get_by_role("button", name="Umfrage beginnen").click()
    first = buyer.get_by_role("group", name="Wie wichtig es war").first
    expect(first).to_be_visible()
    first.get_by_text("4", exact=True).click()
    expect(buyer.get_by_role("status")).to_have_text("Gespeichert")
    buyer.get_by_role("textbox", name=CHANGE_DE).fill("Schnellere Einführung.")
    buyer.get_by_role("textbox", name=CHANGE_DE).blur()
    expect(buyer.get_by_role("status")).to_have_text("Gespeichert")
    screenshot(buyer, "survey-phone-german")
    buyer.close()  # the tab closed midway

    # Back later with the same link: every answer is there; now in English, to the end.
    again = context.new_page()
    again.set_viewport_size(PHONE)
    again.goto(f"/{path}")
    group = again.get_by_role("group", name="Wie wichtig es war").first
    expect(group.get_by_role("radio", name="4")).to_be_checked()
    expect(again.get_by_role("textbox", name=CHANGE_DE)).to_have_value("Schnellere Einführung.")
    again.get_by_label("Sprache").select_option("en")
    again.get_by_role("button", name="In dieser Sprache anzeigen").click()
    expect(
        again.get_by_role(
            "heading", name="Which one of these was the main reason you chose another option?"
        )
    ).to_be_visible()
    reason = again.get_by_role("group", name="Choose one")
    reason.get_by_text("Something else").click()
    again.get_by_label("In your words").fill("Budget moved to next year")
    again.get_by_role("group", name="0 = not at all likely, 10 = extremely likely").get_by_text(
        "7", exact=True
    ).click()
    expect(again.get_by_role("status")).to_have_text("Saved")
    screenshot(again, "survey-phone-english")
    again.get_by_role("button", name="Send my answers").click()
    expect(again.get_by_role("heading", level=1)).to_have_text("Thank you: your answers are in")

    # The team reads the answers on the response's page.
    page.goto(f"{base}/responses/")
    expect(page.get_by_role("row", name=re.compile("Harbour renewal.*Completed"))).to_be_visible()
    page.get_by_role("link", name="Harbour renewal").click()
    answers = page.get_by_role("region", name="Answers")
    expect(answers).to_contain_text("Something else: “Budget moved to next year”")
    expect(answers).to_contain_text("7 / 10")
    expect(answers).to_contain_text("Schnellere Einführung.")
    expect(page.get_by_role("list", name="Consent given")).to_contain_text(
        "Quotes only without my name or company"
    )

    # The answer counts in the program's analysis and in its report, as survey evidence only.
    page.goto(f"/w/{workspace.slug}/programs/{program.pk}/analyse/")
    survey_part = page.locator("#survey + p")
    expect(survey_part).to_contain_text("1 completed survey response (1 lost)")
    expect(survey_part).to_contain_text("the interview figures above do not count them")
    expect(page.locator("table.survey-reasons")).to_contain_text("Other (in their words)")
    expect(page.locator("table.survey-factors")).to_contain_text("4.0 (n=1)")
    page.locator("#survey").scroll_into_view_if_needed()
    screenshot(page, "survey-analyse")
    page.goto(f"/w/{workspace.slug}/programs/{program.pk}/report/")
    report = page.locator("section", has=page.get_by_role("heading", name="Buyer survey")).last
    expect(report).to_contain_text("1 completed survey response (1 lost to competitor)")
    expect(report).to_contain_text("Other (in their words)")

    # Program health measures how long the buyer took, beside the builder's estimate.
    page.goto(f"/w/{workspace.slug}/programs/{program.pk}/health/")
    timing = page.get_by_role("table", name=re.compile("Time to finish"))
    expect(timing).to_contain_text("Finished within 5 minutes")
    expect(timing).to_contain_text("1 of 1 (100%)")
