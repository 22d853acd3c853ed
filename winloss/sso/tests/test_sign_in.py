"""Signing in with the company account, through a real OpenID Connect provider (conftest)."""

from django.test import Client

from winloss.accounts.models import Membership, User
from winloss.accounts.roles import Role
from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.sso.models import GroupRole, SignOnPolicy
from winloss.testing import PASSWORD, make_member, make_workspace

from .conftest import sign_in_at_provider


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _sentences(user: User) -> list[str]:
    return [describe(e) for e in LogEntry.objects.filter(user=user).order_by("pk")]


def test_login_page_offers_the_company_account_only_when_configured(db, settings):
    assert "Sign in with your company account" not in Client().get("/accounts/login/").text
    assert Client().get("/oidc/authenticate/").status_code == 404
    assert Client().get("/oidc/callback/").status_code == 404
    settings.OIDC_RP_CLIENT_ID = "winloss"
    page = Client().get("/accounts/login/", {"next": "/w/acme/"})
    assert "Sign in with your company account" in page.text
    assert "/oidc/authenticate/?next=/w/acme/" in page.text


def test_a_verified_address_signs_in_to_the_existing_account(sso_settings):
    workspace = make_workspace(slug="acme", name="Acme")
    alice = make_member(workspace, Role.ANALYST, email="alice@acme.test")
    client = Client()
    page = sign_in_at_provider(client, "alice@acme.test", next="/w/acme/programs/")
    assert page.status_code == 200
    assert page.request["PATH_INFO"] == "/w/acme/programs/"
    assert page.context["user"] == alice
    assert User.objects.filter(email__iexact="alice@acme.test").count() == 1
    assert _sentences(alice) == ["alice@acme.test signed in with their company account."]


def test_a_new_verified_address_gets_an_account_without_a_password(sso_settings):
    client = Client()
    page = sign_in_at_provider(client, "newbie@acme.test")
    newbie = User.objects.get(email="newbie@acme.test")
    assert page.context["user"] == newbie
    assert newbie.name == "Nina Newbie"
    assert not newbie.has_usable_password()
    sentences = _sentences(newbie)
    assert sentences == [
        "newbie@acme.test got an account by signing in with their company account.",
        "newbie@acme.test signed in with their company account.",
    ]


def test_without_account_creation_only_existing_accounts_sign_in(sso_settings, settings):
    settings.OIDC_CREATE_USER = False
    page = sign_in_at_provider(Client(), "newbie@acme.test")
    assert "There is no winloss account for newbie@acme.test" in page.text
    assert not User.objects.filter(email="newbie@acme.test").exists()


def test_an_unverified_address_is_refused_on_the_sign_in_page(sso_settings):
    workspace = make_workspace(slug="acme")
    sam = make_member(workspace, Role.ADMIN, email="sneaky@acme.test")
    client = Client()
    page = sign_in_at_provider(client, "sneaky@acme.test", next="/w/acme/")
    assert page.request["PATH_INFO"] == "/accounts/login/"
    assert not page.context["user"].is_authenticated
    assert "has not verified the address sneaky@acme.test" in page.text
    assert "Sign in with your company account" in page.text
    refusal = LogEntry.objects.get(action="sso.refused")
    assert refusal.object_id == sam.pk
    assert "was refused: the address is not verified" in describe(refusal)


def test_a_new_unverified_address_gets_no_account(sso_settings):
    page = sign_in_at_provider(Client(), "sneaky@acme.test")
    assert "has not verified the address" in page.text
    assert not User.objects.filter(email="sneaky@acme.test").exists()


def test_groups_give_the_mapped_roles_and_changes_are_logged(sso_settings):
    acme = make_workspace(slug="acme", name="Acme")
    globex = make_workspace(slug="globex", name="Globex")
    make_member(acme, Role.ADMIN)  # acme has another admin
    alice = make_member(acme, Role.STAKEHOLDER, email="alice@acme.test")
    GroupRole.objects.create(workspace=acme, group="winloss-admins", role=Role.ADMIN)
    GroupRole.objects.create(workspace=acme, group="winloss-analysts", role=Role.ANALYST)
    GroupRole.objects.create(workspace=globex, group="winloss-admins", role=Role.REVIEWER)
    GroupRole.objects.create(workspace=globex, group="someone-elses", role=Role.OWNER)

    sign_in_at_provider(Client(), "alice@acme.test")

    roles = dict(Membership.objects.filter(user=alice).values_list("workspace__slug", "role"))
    assert roles == {"acme": Role.ADMIN, "globex": Role.REVIEWER}
    sentences = _sentences(alice)
    assert sentences == [
        "alice@acme.test's role became Workspace admin from their company groups.",
        "alice@acme.test joined as Reviewer from their company groups.",
        "alice@acme.test signed in with their company account.",
    ]

    # Signing in again with the same groups changes nothing.
    sign_in_at_provider(Client(), "alice@acme.test")
    assert (
        LogEntry.objects.filter(
            action__in=["sso.role_from_groups", "sso.member_from_groups"]
        ).count()
        == 2
    )


def test_groups_never_demote_the_last_admin(sso_settings):
    acme = make_workspace(slug="acme")
    alice = make_member(acme, Role.ADMIN, email="alice@acme.test")
    GroupRole.objects.create(workspace=acme, group="winloss-admins", role=Role.STAKEHOLDER)
    sign_in_at_provider(Client(), "alice@acme.test")
    assert Membership.objects.get(user=alice).role == Role.ADMIN


def test_a_workspace_requiring_sso_refuses_a_password_session_and_opens_after_sso(sso_settings):
    acme = make_workspace(slug="acme", name="Acme")
    other = make_workspace(slug="other", name="Other")
    alice = make_member(acme, Role.ANALYST, email="alice@acme.test")
    Membership.objects.create(user=alice, workspace=other, role=Role.ANALYST)
    SignOnPolicy.objects.create(workspace=acme, require_sso=True)

    client = Client()
    assert (
        client.post("/accounts/login/", {"username": alice.email, "password": PASSWORD}).status_code
        == 302
    )
    refused = client.get("/w/acme/programs/")
    assert refused.status_code == 403
    assert "Acme asks you to sign in with your company account" in refused.text
    assert "/oidc/authenticate/?next=/w/acme/programs/" in refused.text
    assert client.get("/w/other/programs/").status_code == 200

    page = sign_in_at_provider(client, "alice@acme.test", next="/w/acme/programs/")
    assert page.status_code == 200
    assert page.request["PATH_INFO"] == "/w/acme/programs/"


def test_the_requirement_leaves_others_and_a_server_without_sso_alone(db, settings):
    acme = make_workspace(slug="acme")
    alice = make_member(acme, Role.ANALYST)
    SignOnPolicy.objects.create(workspace=acme, require_sso=True)
    client = Client()
    client.force_login(alice)
    # Single sign-on switched off on the server: nobody could meet the requirement.
    assert client.get("/w/acme/programs/").status_code == 200
    settings.OIDC_RP_CLIENT_ID = "winloss"
    assert client.get("/w/acme/programs/").status_code == 403
    outsider = make_member(make_workspace(), Role.ADMIN)
    client.force_login(outsider)
    assert client.get("/w/acme/programs/").status_code == 404


def test_an_unreachable_provider_is_said_on_the_sign_in_page(db, settings):
    settings.OIDC_RP_CLIENT_ID = "winloss"
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens there
    page = Client().get("/oidc/authenticate/", follow=True)
    assert page.request["PATH_INFO"] == "/accounts/login/"
    assert "Your company&#x27;s sign-in service did not answer" in page.text


def _explicit_endpoints(settings, provider) -> None:
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider.issuer}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider.issuer}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider.issuer}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider.issuer}/jwks"


def test_endpoints_given_one_by_one_work_without_discovery(sso_settings, settings):
    _explicit_endpoints(settings, sso_settings)
    settings.OIDC_ISSUER = ""
    page = sign_in_at_provider(Client(), "newbie@acme.test")
    assert page.context["user"].email == "newbie@acme.test"


def test_a_token_from_another_issuer_is_refused(sso_settings, settings):
    _explicit_endpoints(settings, sso_settings)
    settings.OIDC_ISSUER = "https://login.elsewhere.example"
    page = sign_in_at_provider(Client(), "newbie@acme.test")
    assert page.request["PATH_INFO"] == "/accounts/login/"
    assert "The answer from your company&#x27;s sign-in service was not valid." in page.text
    assert not User.objects.filter(email="newbie@acme.test").exists()
