import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from winloss.accounts import invitations, services
from winloss.accounts.models import Invitation, Membership, User, hash_secret
from winloss.accounts.roles import Role
from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.testing import PASSWORD, make_user

PHRASE = "a long unusual phrase"
NEW_ACCOUNT = {"name": "Nia Newcomer", "password1": PHRASE, "password2": PHRASE}


def _link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+/accounts/invitations/\S+/", body).group(0)


def _invite(workspace, people, email="newcomer@acme.example", role=Role.INTERVIEWER):
    return invitations.invite_member(
        workspace=workspace, email=email, role=role, invited_by=people[Role.ADMIN]
    )


def _state() -> tuple:
    """Everything an invitation link could change."""
    return (
        list(Invitation.objects.values_list("accepted_at", "accepted_by", "revoked_at")),
        User.objects.count(),
        Membership.objects.count(),
        LogEntry.objects.filter(action="invitation.accepted").count(),
    )


def test_admin_invites_by_email_and_the_newcomer_joins_through_the_link(
    workspace, people, client_for, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://winloss.example.com"
    admin = people[Role.ADMIN]
    admin.name = "Ada Admin"
    admin.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(
            f"/w/{workspace.slug}/members/invite/",
            {"email": "Newcomer@Acme.example", "role": Role.INTERVIEWER},
        )
    assert response.status_code == 302

    [message] = smtp_server.messages
    assert message["To"] == "newcomer@acme.example"
    assert message["Subject"] == "Ada Admin invites you to Acme Corp on winloss"
    assert message["Reply-To"] == admin.email
    link = _link(message)
    assert link.startswith("https://winloss.example.com/accounts/invitations/")
    assert link in message.get_body(preferencelist=("html",)).get_content()
    invitation = Invitation.objects.get()
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash == hash_secret(token) and token not in invitation.token_hash

    path = link.removeprefix("https://winloss.example.com")
    newcomer = Client()
    page = newcomer.get(path).content.decode()
    assert "Join Acme Corp" in page and "Interviewer" in page and "Ada Admin" in page
    response = newcomer.post(path, NEW_ACCOUNT)
    assert response.status_code == 302

    user = User.objects.get(email="newcomer@acme.example")
    assert user.name == "Nia Newcomer" and user.check_password(PHRASE)
    assert Membership.objects.get(user=user, workspace=workspace).role == Role.INTERVIEWER
    entry = LogEntry.objects.get(action="invitation.accepted", workspace=workspace)
    assert describe(entry) == (
        "newcomer@acme.example accepted the invitation and joined as Interviewer."
    )
    assert newcomer.get(f"/w/{workspace.slug}/programs/").status_code == 200  # logged in


def test_a_used_link_is_gone_and_changes_nothing(workspace, people):
    _, token = _invite(workspace, people)
    invitations.accept_invitation(token=token, name="Nia", password=PHRASE)
    before = _state()

    used = Client().post(f"/accounts/invitations/{token}/", {**NEW_ACCOUNT, "password1": "x"})

    assert used.status_code == 410 and "already been used" in used.content.decode()
    assert _state() == before
    assert User.objects.get(email="newcomer@acme.example").check_password(PHRASE)


def test_a_tampered_link_is_not_found_and_changes_nothing(workspace, people):
    _, token = _invite(workspace, people)
    before = _state()

    tampered = Client().post(f"/accounts/invitations/{token[:-2]}xx/", NEW_ACCOUNT)

    assert tampered.status_code == 404 and "not valid" in tampered.content.decode()
    assert _state() == before


def test_an_expired_link_is_gone_and_changes_nothing(workspace, people):
    _, token = _invite(workspace, people)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    before = _state()

    expired = Client().post(f"/accounts/invitations/{token}/", NEW_ACCOUNT)

    assert expired.status_code == 410 and "expired" in expired.content.decode()
    assert _state() == before


def test_a_withdrawn_link_is_gone_and_changes_nothing(workspace, people, client_for):
    invitation, token = _invite(workspace, people)
    client_for(people[Role.ADMIN]).post(f"/w/{workspace.slug}/invitations/{invitation.pk}/revoke/")
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    before = _state()

    revoked = Client().post(f"/accounts/invitations/{token}/", NEW_ACCOUNT)

    assert revoked.status_code == 410 and "withdrawn" in revoked.content.decode()
    assert _state() == before


def test_an_invitation_withdrawn_before_the_email_went_out_is_not_emailed(
    workspace, people, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _ = _invite(workspace, people)
        invitations.revoke_invitation(invitation=invitation, by=people[Role.ADMIN])
    assert smtp_server.messages == []


def test_someone_with_an_account_logs_in_and_accepts_under_any_capitalisation(
    workspace, people, client_for
):
    existing = make_user(email="pat@globex.example")
    _, token = _invite(workspace, people, email="Pat@Globex.example", role=Role.REVIEWER)

    anonymous = Client().get(f"/accounts/invitations/{token}/").content.decode()
    assert "Log in" in anonymous and "Create account" not in anonymous

    client = client_for(existing)
    assert "Accept and join" in client.get(f"/accounts/invitations/{token}/").content.decode()
    response = client.post(f"/accounts/invitations/{token}/")
    assert response.status_code == 302
    assert Membership.objects.get(user=existing, workspace=workspace).role == Role.REVIEWER
    assert existing.check_password(PASSWORD)  # their password is their own


def test_a_newcomer_cannot_claim_an_address_that_already_has_an_account(workspace, people):
    make_user(email="pat@globex.example")
    _, token = _invite(workspace, people, email="pat@globex.example")
    before = _state()
    Client().post(f"/accounts/invitations/{token}/", NEW_ACCOUNT)
    assert _state() == before
    with pytest.raises(services.AccountsError, match="log in to accept"):
        invitations.accept_invitation(token=token, name="Mallory", password=PHRASE)


def test_a_logged_in_person_with_another_address_is_told_and_cannot_take_the_invitation(
    workspace, people, outsider, client_for
):
    _, token = _invite(workspace, people, email="someone@acme.example")
    client = client_for(outsider)

    page = client.get(f"/accounts/invitations/{token}/").content.decode()
    assert "outsider@globex.example" in page and "someone@acme.example" in page
    assert "Accept and join" not in page and "Log out" in page

    client.post(f"/accounts/invitations/{token}/")
    assert not Membership.objects.filter(user=outsider, workspace=workspace).exists()
    assert Invitation.objects.get().accepted_at is None
    with pytest.raises(services.AccountsError, match=r"logged in as outsider@globex\.example"):
        invitations.accept_invitation(token=token, user=outsider)


def test_a_weak_or_mismatched_password_keeps_the_newcomer_on_the_form(workspace, people):
    _, token = _invite(workspace, people)
    client = Client()
    weak = client.post(
        f"/accounts/invitations/{token}/", {"name": "Nia", "password1": "123", "password2": "123"}
    )
    differ = client.post(f"/accounts/invitations/{token}/", {**NEW_ACCOUNT, "password2": "other"})
    assert weak.status_code == differ.status_code == 200
    assert "too short" in weak.content.decode()
    assert "The two passwords differ" in differ.content.decode()
    assert not User.objects.filter(email="newcomer@acme.example").exists()


def test_inviting_a_member_is_refused_with_a_reason(workspace, people):
    with pytest.raises(services.AccountsError, match="already a member"):
        _invite(workspace, people, email=people[Role.REVIEWER].email.upper())


def test_a_second_live_invitation_for_one_address_is_refused_until_the_first_is_withdrawn(
    workspace, people
):
    first, _ = _invite(workspace, people)
    with pytest.raises(services.AccountsError, match="already has an invitation waiting"):
        _invite(workspace, people, email="NEWCOMER@acme.example")
    invitations.revoke_invitation(invitation=first, by=people[Role.ADMIN])
    second, _ = _invite(workspace, people)
    assert second.pk != first.pk


def test_an_expired_invitation_does_not_block_a_new_one(workspace, people):
    _invite(workspace, people)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    _invite(workspace, people)
    assert Invitation.objects.count() == 2


def test_sending_and_withdrawing_an_invitation_are_logged(workspace, people):
    invitation, _ = _invite(workspace, people)
    invitations.revoke_invitation(invitation=invitation, by=people[Role.ADMIN])
    sentences = [describe(e) for e in LogEntry.objects.for_object(invitation).order_by("id")]
    assert sentences == [
        "admin@acme.example invited newcomer@acme.example as Interviewer.",
        "admin@acme.example revoked the invitation for newcomer@acme.example.",
    ]
    with pytest.raises(services.AccountsError, match="can no longer be withdrawn"):
        invitations.revoke_invitation(invitation=invitation, by=people[Role.ADMIN])


def test_the_invitation_form_makes_the_admin_choose_a_role(workspace, people, client_for):
    client = client_for(people[Role.ADMIN])
    response = client.post(f"/w/{workspace.slug}/members/invite/", {"email": "x@acme.example"})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_members_page_explains_a_refused_invitation(workspace, people, client_for):
    client = client_for(people[Role.ADMIN])
    response = client.post(
        f"/w/{workspace.slug}/members/invite/",
        {"email": people[Role.ANALYST].email, "role": Role.ANALYST},
    )
    assert response.status_code == 200
    assert "already a member of Acme Corp" in response.content.decode()
    assert not Invitation.objects.exists()
