"""Choosing a quote, publishing and downloading the report, as the analyst and the owner do."""

import pytest
from playwright.sync_api import expect

from winloss.accounts.roles import Role
from winloss.browser import log_in, screenshot
from winloss.reports.models import ReportVersion
from winloss.testing import PASSWORD

from .world import report_program

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("pdf_renders")]


def test_the_analyst_quotes_the_owner_publishes_and_the_pdf_downloads(
    browser_page, live_server, workspace, people
):
    program, _ = report_program(workspace, people)
    page = browser_page
    report_url = f"/w/{workspace.slug}/programs/{program.pk}/report/"
    log_in(page, live_server, people[Role.ANALYST].email, PASSWORD)
    page.goto(report_url)
    page.get_by_role("link", name="Choose quotes from the coded excerpts").click()
    page.get_by_label("Theme").select_option(label="Pricing and commercial terms")
    page.get_by_role("button", name="Show").click()
    row = page.locator("tr", has_text="your price was a third above Vector's")
    row.get_by_role("button", name="Quote it").click()
    expect(page.locator(".flash").first).to_contain_text("Quote added")
    page.get_by_role("link", name="Back to the draft").click()
    quote = page.locator(".quote-list blockquote").first
    expect(quote).to_contain_text("[name] here, from [company]: call me on [phone] or [email]")
    expect(quote).not_to_contain_text("Dana")
    page.get_by_label("Executive summary").fill("Price loses us half of our lost deals.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".report-preview")).to_contain_text("Price loses us half")
    expect(page.get_by_role("button", name="Publish version 1")).to_have_count(0)  # analyst
    screenshot(page, "report-draft")

    page.context.clear_cookies()
    log_in(page, live_server, people[Role.OWNER].email, PASSWORD)
    page.goto(report_url)
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_text("the content matches it")).to_be_visible()
    screenshot(page, "report-version")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        data = pdf.read()
    assert data.startswith(b"%PDF")
    version = ReportVersion.objects.get()
    assert data == version.files.get(format="pdf").read()
    assert version.content["summary"] == "Price loses us half of our lost deals."
