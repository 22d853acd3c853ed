"""A person clicks "Sign in with your company account", signs in at their company's SAML
identity provider (a real one, in its own process) and lands in winloss with the role their
company group gives."""

import pytest
from playwright.sync_api import expect

from winloss.accounts.models import Membership
from winloss.accounts.roles import Role
from winloss.sso.models import GroupRole
from winloss.testing import make_member, make_workspace

from .saml_idp.serve import PASSWORD

pytestmark = pytest.mark.browser


def test_signing_in_at_the_saml_identity_provider_lands_in_winloss(
    browser_page, live_server, saml_settings
):
    acme = make_workspace(slug="acme", name="Acme Corp")
    make_member(acme, Role.ADMIN, email="alice@acme.test", name="Alice Admin")
    GroupRole.objects.create(workspace=acme, group="winloss-analysts", role=Role.ANALYST)
    page = browser_page

    page.goto("/w/acme/programs/")  # asks for a sign-in first
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_role("button", name="Sign in with your company account").click()
    expect(page.get_by_role("heading", name="Example Company sign-in")).to_be_visible()
    page.get_by_label("Email").fill("newbie@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Continue to winloss").click()

    expect(page).to_have_url(f"{live_server.url}/w/acme/programs/")
    expect(page.get_by_role("heading", name="Programs")).to_be_visible()
    newbie = Membership.objects.get(workspace=acme, user__email="newbie@acme.test")
    assert newbie.role == Role.ANALYST
