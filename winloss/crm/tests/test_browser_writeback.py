"""A workspace admin maps themes to picklist values and previews what a validated interview
would write to Salesforce, in a real browser."""

import pytest
from playwright.sync_api import expect

from winloss.accounts.roles import Role
from winloss.browser import log_in, screenshot
from winloss.crm.sync import save_connection
from winloss.testing import PASSWORD, make_member, make_program, make_workspace

from .conftest import CLIENT_ID, CLIENT_SECRET
from .test_writeback import LOST_OPPORTUNITY, _on_deal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_maps_themes_and_previews_what_would_be_written(
    browser_page, live_server, salesforce
):
    from winloss.reports.tests.summary_world import interview_with

    workspace = make_workspace(slug="acme", name="Acme Corp")
    people = {role: make_member(workspace, role) for role in Role}
    admin = make_member(workspace, Role.ADMIN, email="admin@acme.example")
    save_connection(
        workspace=workspace, user=admin, kind="salesforce", base_url=salesforce.url,
        client_id=CLIENT_ID, secret=CLIENT_SECRET,
    )  # fmt: skip
    interview = _on_deal(
        interview_with(make_program(workspace, owner=people[Role.OWNER]), people, "named"),
        LOST_OPPORTUNITY,
    )
    page = browser_page
    log_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server.url}/w/acme/crm/")

    page.get_by_label("Write findings back when an interview is validated").check()
    page.get_by_label("Status field").fill("Win_Loss_Status__c")
    page.get_by_label("Main reasons field").fill("Win_Loss_Reasons__c")
    page.get_by_label("Link field").fill("Win_Loss_Summary__c")
    page.get_by_label("Pricing and commercial terms: picklist value").fill("Price")
    page.get_by_role("button", name="Save the write-back settings").click()
    expect(page.get_by_role("status")).to_contain_text("Write-back settings saved.")

    page.get_by_role("link", name="What would be written to the CRM").click()
    expect(page.get_by_role("heading", name="What would be written to the CRM")).to_be_visible()
    fields = page.get_by_role("table", name="Fields")
    expect(fields.get_by_role("row", name="Win_Loss_Reasons__c")).to_contain_text("Price")
    expect(fields.get_by_role("row", name="Win_Loss_Status__c")).to_contain_text(
        "Interview validated"
    )
    expect(fields).to_contain_text(f"/interviews/{interview.pk}/summary/")
    expect(page.get_by_role("button", name="Write now")).to_be_visible()
    assert not any(s.method == "PATCH" for s in salesforce.seen)  # a preview sends nothing
    screenshot(page, "crm-write-back-preview")
