"""Signing in with the company account through a real SAML identity provider (conftest starts
it in a second process; it signs its assertions with a key pair made at its start)."""

import base64

from django.test import Client

from winloss.accounts.models import Membership, User
from winloss.accounts.roles import Role
from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.sso.models import GroupRole, SignOnPolicy
from winloss.testing import PASSWORD, make_member, make_workspace

from .conftest import post_to_acs, saml_response_from_idp, sign_in_at_idp

NOT_VALID = "The answer from your company&#x27;s sign-in service was not valid."


def _sentences(user: User) -> list[str]:
    return [describe(e) for e in LogEntry.objects.filter(user=user).order_by("pk")]


def test_saml_routes_are_not_found_unless_configured(db, settings):
    for path in ("/saml/metadata/", "/saml/login/"):
        assert Client().get(path).status_code == 404
    assert Client().post("/saml/acs/").status_code == 404
    assert "Sign in with your company account" not in Client().get("/accounts/login/").text


def test_the_login_page_leads_to_the_identity_provider(saml_settings):
    page = Client().get("/accounts/login/", {"next": "/w/acme/"})
    assert "Sign in with your company account" in page.text
    assert "/saml/login/?next=/w/acme/" in page.text
    start = Client().get("/saml/login/")
    assert start["Location"].startswith(f"{saml_settings}/sso?SAMLRequest=")
    assert start.cookies["winloss_saml"]["samesite"] == "Lax"  # over HTTP; None over HTTPS
    secure = Client().get("/saml/login/", secure=True)
    assert secure.cookies["winloss_saml"]["samesite"] == "None"
    assert secure.cookies["winloss_saml"]["secure"]


def test_the_metadata_names_winloss_and_its_assertion_consumer(saml_settings):
    answer = Client().get("/saml/metadata/")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/samlmetadata+xml"
    assert 'entityID="https://winloss.test/saml/metadata/"' in answer.text
    assert 'Location="http://testserver/saml/acs/"' in answer.text
    assert 'WantAssertionsSigned="true"' in answer.text


def test_a_signed_assertion_signs_in_the_existing_account(saml_settings):
    workspace = make_workspace(slug="acme", name="Acme")
    alice = make_member(workspace, Role.ANALYST, email="alice@acme.test")
    GroupRole.objects.create(workspace=workspace, group="someone-elses", role=Role.OWNER)
    page = sign_in_at_idp(Client(), "alice@acme.test", next="/w/acme/programs/")
    assert page.status_code == 200
    assert page.request["PATH_INFO"] == "/w/acme/programs/"
    assert page.context["user"] == alice
    assert Membership.objects.get(user=alice).role == Role.ANALYST
    assert _sentences(alice) == ["alice@acme.test signed in with their company account."]
    entry = LogEntry.objects.get(action="sso.signed_in")
    assert entry.data["issuer"] == f"{saml_settings}/metadata"


def test_a_new_address_gets_an_account_and_the_roles_its_groups_map(saml_settings):
    acme = make_workspace(slug="acme", name="Acme")
    make_member(acme, Role.ADMIN)
    GroupRole.objects.create(workspace=acme, group="winloss-analysts", role=Role.ANALYST)
    GroupRole.objects.create(workspace=acme, group="winloss-admins", role=Role.ADMIN)
    page = sign_in_at_idp(Client(), "newbie@acme.test")
    newbie = User.objects.get(email="newbie@acme.test")
    assert page.context["user"] == newbie
    assert newbie.name == "Nina Newbie"
    assert not newbie.has_usable_password()
    assert Membership.objects.get(user=newbie, workspace=acme).role == Role.ANALYST
    assert _sentences(newbie) == [
        "newbie@acme.test got an account by signing in with their company account.",
        "newbie@acme.test joined as Analyst from their company groups.",
        "newbie@acme.test signed in with their company account.",
    ]


def test_groups_never_demote_the_last_admin(saml_settings):
    acme = make_workspace(slug="acme")
    alice = make_member(acme, Role.ADMIN, email="alice@acme.test")
    GroupRole.objects.create(workspace=acme, group="winloss-admins", role=Role.STAKEHOLDER)
    sign_in_at_idp(Client(), "alice@acme.test")
    assert Membership.objects.get(user=alice).role == Role.ADMIN


def test_a_tampered_assertion_is_refused(saml_settings, caplog):
    make_member(make_workspace(slug="acme"), Role.ANALYST, email="newbie@acme.test")
    client = Client()
    form = saml_response_from_idp(client, "alice@acme.test")
    xml = base64.b64decode(form["SAMLResponse"]).decode()
    assert "alice@acme.test" in xml
    forged = xml.replace("alice@acme.test", "newbie@acme.test")
    page = post_to_acs(client, {**form, "SAMLResponse": base64.b64encode(forged.encode()).decode()})
    assert page.request["PATH_INFO"] == "/accounts/login/"
    assert not page.context["user"].is_authenticated
    assert NOT_VALID in page.text
    assert "Signature validation failed" in caplog.text
    assert not LogEntry.objects.filter(action="sso.signed_in").exists()


def test_a_response_whose_assertion_is_not_signed_is_refused(saml_settings, caplog):
    page = sign_in_at_idp(Client(), "unsigned@acme.test")
    assert not page.context["user"].is_authenticated
    assert NOT_VALID in page.text
    assert "The Assertion of the Response is not signed and the SP require it" in caplog.text
    assert not User.objects.filter(email="unsigned@acme.test").exists()


def test_a_response_to_another_sign_in_is_refused(saml_settings):
    client = Client()
    first = saml_response_from_idp(client, "newbie@acme.test")
    client.get("/saml/login/")  # a second sign-in started in the same browser
    page = post_to_acs(client, first)
    assert not page.context["user"].is_authenticated
    assert NOT_VALID in page.text


def test_a_response_posted_again_is_refused(saml_settings):
    client = Client()
    form = saml_response_from_idp(client, "newbie@acme.test")
    assert post_to_acs(client, form).context["user"].email == "newbie@acme.test"
    client.logout()
    # The same browser again: its request was answered already.
    again = post_to_acs(client, form)
    assert not again.context["user"].is_authenticated
    assert "did not start at winloss" in again.text
    assert not client.cookies["winloss_saml"].value  # emptied once used
    # Another browser holding a copy of the pending-request cookie: the assertion was used.
    replay = saml_replay_with_pending(Client(), form)
    assert not replay.context["user"].is_authenticated
    assert LogEntry.objects.filter(action="sso.signed_in").count() == 1


def saml_replay_with_pending(client: Client, form: dict[str, str]):
    """Post ``form`` with a pending-request cookie naming the request it answers, as a copied
    cookie would: only the record of used assertions stops it."""
    import json
    import re

    from django.core import signing

    xml = base64.b64decode(form["SAMLResponse"]).decode()
    request_id = re.search(r'InResponseTo="([^"]+)"', xml).group(1)
    value = json.dumps({"id": request_id, "next": "/"})
    client.cookies["winloss_saml"] = signing.get_cookie_signer(
        salt="winloss_saml" + "winloss.sso.saml.pending"
    ).sign(value)
    page = post_to_acs(client, form)
    assert "was used already" in page.text
    return page


def test_an_assertion_for_another_audience_is_refused(saml_settings, settings, caplog):
    settings.SAML_SP_ENTITY_ID = "https://another-app.example/saml/metadata/"
    page = sign_in_at_idp(Client(), "newbie@acme.test")
    assert page.request["PATH_INFO"] == "/accounts/login/"
    assert NOT_VALID in page.text
    assert "is not a valid audience for this Response" in caplog.text
    assert not User.objects.filter(email="newbie@acme.test").exists()


def test_an_address_outside_the_companys_domains_is_refused(saml_settings):
    sam = make_member(make_workspace(slug="acme"), Role.ADMIN, email="sneaky@elsewhere.test")
    page = sign_in_at_idp(Client(), "sneaky@elsewhere.test")
    assert not page.context["user"].is_authenticated
    assert "has not verified the address sneaky@elsewhere.test" in page.text
    assert LogEntry.objects.get(action="sso.refused").object_id == sam.pk


def test_a_missing_address_is_refused(saml_settings):
    page = sign_in_at_idp(Client(), "nomail")
    assert not page.context["user"].is_authenticated
    assert "did not tell winloss your email address" in page.text


def test_a_workspace_requiring_sso_opens_after_a_saml_sign_in(saml_settings):
    acme = make_workspace(slug="acme", name="Acme")
    alice = make_member(acme, Role.ANALYST, email="alice@acme.test")
    SignOnPolicy.objects.create(workspace=acme, require_sso=True)
    client = Client()
    client.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})
    refused = client.get("/w/acme/programs/")
    assert refused.status_code == 403
    assert "/saml/login/?next=/w/acme/programs/" in refused.text
    page = sign_in_at_idp(client, "alice@acme.test", next="/w/acme/programs/")
    assert page.status_code == 200
    assert page.request["PATH_INFO"] == "/w/acme/programs/"


def test_unreadable_metadata_is_said_on_the_sign_in_page(db, settings):
    settings.SAML_IDP_METADATA_URL = "http://127.0.0.1:9/metadata"  # nothing listens there
    settings.SAML_EMAIL_DOMAINS = ["acme.test"]
    page = Client().get("/saml/login/", follow=True)
    assert page.request["PATH_INFO"] == "/accounts/login/"
    assert "metadata could not be read" in page.text


def test_with_its_own_key_winloss_signs_its_requests_and_publishes_its_certificate(
    saml_settings, settings, tmp_path
):
    from .saml_idp.serve import key_pair

    key, certificate = key_pair()
    (tmp_path / "sp.key").write_text(key)
    (tmp_path / "sp.crt").write_text(certificate)
    settings.SAML_SP_KEY_FILE = str(tmp_path / "sp.key")
    settings.SAML_SP_CERT_FILE = str(tmp_path / "sp.crt")
    metadata = Client().get("/saml/metadata/").text
    assert 'AuthnRequestsSigned="true"' in metadata
    assert "".join(certificate.strip().splitlines()[1:-1]) in metadata.replace("\n", "")
    start = Client().get("/saml/login/")
    assert "&Signature=" in start["Location"]
    # The identity provider still signs the person in.
    page = sign_in_at_idp(Client(), "newbie@acme.test")
    assert page.context["user"].email == "newbie@acme.test"
