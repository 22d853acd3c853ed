"""A workspace admin turns a program's deal-closed trigger on and saves the webhook secret,
in a real browser."""

import pytest
from playwright.sync_api import expect

from winloss.accounts.roles import Role
from winloss.browser import log_in, screenshot
from winloss.crm.models import CrmWebhook, DealTrigger
from winloss.crm.sync import save_connection
from winloss.testing import PASSWORD, make_member, make_program, make_workspace

from .servers import HUBSPOT_TOKEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

APP_SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"


def test_admin_sets_a_programs_trigger_and_the_hubspot_webhook(browser_page, live_server, hubspot):
    workspace = make_workspace(slug="acme", name="Acme Corp")
    admin = make_member(workspace, Role.ADMIN, email="admin@acme.example")
    program = make_program(workspace, name="Q1 enterprise", status="active")
    connection = save_connection(
        workspace=workspace, user=admin, kind="hubspot", base_url=hubspot.url,
        secret=HUBSPOT_TOKEN,
    )  # fmt: skip
    page = browser_page
    log_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server.url}/w/acme/crm/")
    page.get_by_role("link", name="Deal-closed triggers").click()
    expect(page.get_by_role("heading", name="Deal-closed triggers", exact=True)).to_be_visible()

    form = page.get_by_role("form", name="Trigger of Q1 enterprise")
    form.get_by_label("Add newly closed deals to the sample").check()
    form.get_by_label("Send their invitation after (hours)").fill("24")
    form.get_by_role("button", name="Save the trigger of Q1 enterprise").click()
    expect(page.get_by_role("status")).to_contain_text("trigger of Q1 enterprise is saved")
    form = page.get_by_role("form", name="Trigger of Q1 enterprise")
    expect(form.get_by_label("Send their invitation after (hours)")).to_have_value("24")

    expect(page.get_by_text(f"/hooks/crm/hubspot/{connection.pk}/")).to_be_visible()
    page.get_by_label("Webhook secret").fill(APP_SECRET)
    page.get_by_role("button", name="Save the webhook secret").click()
    expect(page.get_by_role("status")).to_contain_text("Webhook secret saved")
    expect(page.get_by_text("A secret is saved.")).to_be_visible()
    assert APP_SECRET not in page.content()

    trigger = DealTrigger.objects.get(program=program)
    assert (trigger.add_closed_deals, trigger.invite_after_hours) == (True, 24)
    assert CrmWebhook.objects.filter(connection=connection).exists()
    screenshot(page, "crm-triggers")
