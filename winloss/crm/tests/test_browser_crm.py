"""A workspace admin connects Salesforce and syncs, in a real browser."""

import pytest
from playwright.sync_api import expect

from winloss.accounts.roles import Role
from winloss.browser import log_in, screenshot
from winloss.deals.models import Deal
from winloss.testing import PASSWORD, make_member, make_workspace

from .conftest import CLIENT_ID, CLIENT_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_connects_salesforce_syncs_and_never_sees_the_secret_again(
    browser_page, live_server, salesforce
):
    workspace = make_workspace(slug="acme", name="Acme Corp")
    admin = make_member(workspace, Role.ADMIN, email="admin@acme.example")
    page = browser_page
    log_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server.url}/w/acme/")
    # The workspace's settings sit under one menu, so the bar fits on one line.
    page.locator("#workspace-settings summary").click()
    page.get_by_role("link", name="CRM sync").click()
    expect(page.get_by_role("heading", name="CRM sync of Acme Corp")).to_be_visible()

    page.get_by_role("combobox", name="CRM").select_option("salesforce")
    page.get_by_label("Address").fill(salesforce.url)
    page.get_by_label("Consumer key").fill(CLIENT_ID)
    page.get_by_label("Client secret or access token").fill(CLIENT_SECRET)
    page.get_by_role("button", name="Save the connection").click()

    expect(page.get_by_role("status")).to_contain_text("Connection saved")
    secret = page.get_by_label("Client secret or access token")
    expect(secret).to_have_value("")
    expect(page.get_by_text("Set. Leave empty to keep the saved one")).to_be_visible()
    assert CLIENT_SECRET not in page.content()

    page.get_by_role("button", name="Sync now").click()
    expect(page.get_by_role("status")).to_contain_text("Sync started")
    page.reload()
    runs = page.get_by_role("table", name="Sync runs")
    expect(runs).to_contain_text("Succeeded")
    expect(runs).to_contain_text("3 / 0 / 0 / 0")
    assert Deal.objects.count() == 3
    screenshot(page, "crm-sync")
