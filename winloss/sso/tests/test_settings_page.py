"""A workspace admin's Single sign-on page: the requirement and the roles by group."""

import pytest
from django.test import Client

from winloss.accounts.roles import Role
from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.sso.models import GroupRole, SignOnPolicy
from winloss.testing import make_member, make_workspace


@pytest.fixture
def admin(db):
    return make_member(make_workspace(slug="acme", name="Acme"), Role.ADMIN, email="ad@acme.test")


@pytest.fixture
def client(admin):
    client = Client()
    client.force_login(admin)
    return client


def test_without_sso_on_the_server_the_page_says_so_and_nothing_can_be_required(client):
    page = client.get("/w/acme/sign-on/")
    assert "Single sign-on is not set up on this server" in page.text
    page = client.post("/w/acme/sign-on/requirement/", {"require_sso": "on"}, follow=True)
    assert "Single sign-on is not set up on this server, so it cannot be required." in page.text
    assert not SignOnPolicy.objects.filter(require_sso=True).exists()


def test_only_an_admin_signed_in_with_sso_may_require_it(client, settings):
    settings.OIDC_RP_CLIENT_ID = "winloss"
    page = client.post("/w/acme/sign-on/requirement/", {"require_sso": "on"}, follow=True)
    assert "Sign in with your company account first" in page.text
    assert not SignOnPolicy.objects.filter(require_sso=True).exists()


def test_requiring_sso_is_saved_and_logged(client, admin, settings):
    settings.OIDC_RP_CLIENT_ID = "winloss"
    client.force_login(admin, backend="winloss.sso.backend.CompanyAccountBackend")
    page = client.post("/w/acme/sign-on/requirement/", {"require_sso": "on"}, follow=True)
    assert "Now: required" in page.text.replace("<strong>", "").replace("</strong>", "")
    assert SignOnPolicy.objects.get().require_sso
    client.post("/w/acme/sign-on/requirement/", {})
    assert not SignOnPolicy.objects.get().require_sso
    entries = LogEntry.objects.filter(action="sso.requirement_changed").order_by("pk")
    assert [describe(e) for e in entries] == [
        "ad@acme.test changed whether members must sign in with their company account."
    ] * 2


def test_a_group_is_mapped_once_and_can_be_removed(client):
    page = client.post(
        "/w/acme/sign-on/groups/add/", {"group": " winloss-admins ", "role": "admin"}, follow=True
    )
    assert "Members of winloss-admins become Workspace admin" in page.text
    again = client.post("/w/acme/sign-on/groups/add/", {"group": "winloss-admins", "role": "owner"})
    assert "The group winloss-admins already gives a role" in again.text
    mapping = GroupRole.objects.get()
    assert (mapping.group, mapping.role) == ("winloss-admins", Role.ADMIN)
    page = client.post("/w/acme/sign-on/groups/remove/", {"group_role": mapping.pk}, follow=True)
    assert "The group winloss-admins no longer gives a role" in page.text
    assert not GroupRole.objects.exists()
    entries = LogEntry.objects.filter(action__startswith="sso.").order_by("pk")
    sentences = [describe(e) for e in entries]
    assert sentences == [
        "ad@acme.test gave the company group winloss-admins the role Workspace admin.",
        "ad@acme.test stopped giving the company group winloss-admins a role.",
    ]


def test_another_workspaces_mapping_cannot_be_removed(client):
    other = GroupRole.objects.create(workspace=make_workspace(), group="x", role=Role.ADMIN)
    response = client.post("/w/acme/sign-on/groups/remove/", {"group_role": other.pk})
    assert response.status_code == 404
    assert GroupRole.objects.filter(pk=other.pk).exists()


def test_a_workspace_that_requires_sso_refuses_api_tokens_made_before_it_did(
    client, admin, settings
):
    """One rule, every door: a token made in a password session must not outlive the
    requirement through the API."""
    from winloss.accounts.tokens import create_token

    settings.OIDC_RP_CLIENT_ID = "winloss"
    workspace = admin.memberships.get().workspace
    _, before = create_token(user=admin, workspace=workspace, name="made with a password")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {before}").get("/api/v1/deals").status_code == 200

    client.force_login(admin, backend="winloss.sso.backend.CompanyAccountBackend")
    client.post("/w/acme/sign-on/requirement/", {"require_sso": "on"})
    refused = Client(HTTP_AUTHORIZATION=f"Bearer {before}").get("/api/v1/deals")
    assert refused.status_code == 403
    assert "requires single sign-on, and this token was made before it did" in refused.text
    _, after = create_token(user=admin, workspace=workspace, name="made through the provider")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {after}").get("/api/v1/deals").status_code == 200
    # Without single sign-on on the server, nobody could meet the rule: tokens work again.
    settings.OIDC_RP_CLIENT_ID = ""
    assert Client(HTTP_AUTHORIZATION=f"Bearer {before}").get("/api/v1/deals").status_code == 200
