"""A person clicks "Sign in with your company account", signs in at their company's provider
(a real one, in its own process) and lands in winloss; their admin sets up the workspace."""

import pytest
from playwright.sync_api import expect

from winloss.accounts.roles import Role
from winloss.browser import screenshot
from winloss.sso.models import GroupRole
from winloss.testing import make_member, make_workspace

from .provider.serve import PASSWORD

pytestmark = pytest.mark.browser


def test_signing_in_at_the_provider_lands_in_winloss_and_the_admin_sets_up_sso(
    browser_page, live_server, sso_settings
):
    sso_settings.allow_redirect(f"{live_server.url}/oidc/callback/")
    acme = make_workspace(slug="acme", name="Acme Corp")
    make_member(acme, Role.ADMIN, email="alice@acme.test", name="Alice Admin")
    GroupRole.objects.create(workspace=acme, group="winloss-analysts", role=Role.ANALYST)
    page = browser_page

    page.goto("/w/acme/sign-on/")  # asks for a sign-in first
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    screenshot(page, "sso-sign-in")
    page.get_by_role("button", name="Sign in with your company account").click()
    expect(page.get_by_role("heading", name="Example Company sign-in")).to_be_visible()
    page.get_by_label("Email").fill("alice@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Single sign-on for Acme Corp")).to_be_visible()
    expect(page.get_by_text("You signed in that way.")).to_be_visible()

    page.get_by_label("Require single sign-on for this workspace").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("main")).to_contain_text(
        "Members now open this workspace only after signing in with their company account."
    )
    page.get_by_role("textbox", name="Group").fill("winloss-admins")
    page.get_by_role("combobox", name="Role").select_option(label="Workspace admin")
    page.get_by_role("button", name="Add").click()
    table = page.get_by_role("table", name="Company groups and the role each gives")
    expect(table).to_contain_text("winloss-admins")
    expect(table).to_contain_text("winloss-analysts")
    expect(page.get_by_text("Now: required.")).to_be_visible()
    screenshot(page, "sso-settings")
