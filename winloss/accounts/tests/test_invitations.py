import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from winloss.accounts import services
from winloss.accounts.models import Invitation, Membership, User
from winloss.accounts.roles import Role
from winloss.activity.models import LogEntry


def _link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+/accounts/invitations/\S+/", body).group(0)


def _invite(client, workspace, email="newcomer@acme.example", role=Role.INTERVIEWER):
    return client.post(f"/w/{workspace.slug}/members/", {"email": email, "role": role})


def test_admin_invites_by_email_and_the_newcomer_joins_through_the_link(
    workspace, people, client_for, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://winloss.example.com"
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client_for(people[Role.ADMIN]), workspace)
    assert response.status_code == 302

    [message] = smtp_server.messages
    assert message["To"] == "newcomer@acme.example"
    assert "Acme Corp" in message["Subject"]
    assert message.get_body(preferencelist=("html",)) is not None
    link = _link(message)
    assert link.startswith("https://winloss.example.com/accounts/invitations/")

    path = link.removeprefix("https://winloss.example.com")
    newcomer = Client()
    page = newcomer.get(path)
    assert "Join Acme Corp" in page.content.decode() and "Interviewer" in page.content.decode()
    response = newcomer.post(
        path,
        {
            "name": "Nia Newcomer",
            "password1": "a long unusual phrase",
            "password2": "a long unusual phrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="newcomer@acme.example")
    assert Membership.objects.get(user=user, workspace=workspace).role == Role.INTERVIEWER
    assert LogEntry.objects.filter(action="invitation.accepted", workspace=workspace).exists()
    assert newcomer.get(f"/w/{workspace.slug}/programs/").status_code == 200  # logged in

    # The link works once.
    used = Client().get(path)
    assert used.status_code == 410 and "already been used" in used.content.decode()


def test_tampered_expired_and_revoked_links_change_nothing(workspace, people):
    _, token = services.invite_member(
        workspace=workspace,
        email="late@acme.example",
        role=Role.ANALYST,
        invited_by=people[Role.ADMIN],
    )
    tampered = Client().post(f"/accounts/invitations/{token[:-2]}xx/", {"name": "X"})
    assert tampered.status_code == 404

    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = Client().post(
        f"/accounts/invitations/{token}/",
        {
            "name": "Late",
            "password1": "a long unusual phrase",
            "password2": "a long unusual phrase",
        },
    )
    assert expired.status_code == 410 and "expired" in expired.content.decode()

    Invitation.objects.update(expires_at=timezone.now() + timedelta(days=1))
    services.revoke_invitation(invitation=Invitation.objects.get(), by=people[Role.ADMIN])
    revoked = Client().get(f"/accounts/invitations/{token}/")
    assert revoked.status_code == 410
    assert not User.objects.filter(email="late@acme.example").exists()


def test_a_logged_in_person_with_another_address_cannot_take_the_invitation(
    workspace, people, outsider, client_for
):
    _, token = services.invite_member(
        workspace=workspace,
        email="someone@acme.example",
        role=Role.ANALYST,
        invited_by=people[Role.ADMIN],
    )
    client = client_for(outsider)
    client.post(f"/accounts/invitations/{token}/")
    assert not Membership.objects.filter(user=outsider, workspace=workspace).exists()


def test_inviting_a_member_twice_is_refused_with_a_reason(workspace, people):
    with pytest.raises(services.AccountsError, match="already a member"):
        services.invite_member(
            workspace=workspace,
            email=people[Role.REVIEWER].email,
            role=Role.REVIEWER,
            invited_by=people[Role.ADMIN],
        )


def test_the_last_admin_can_be_neither_demoted_nor_removed(workspace, people):
    admin = Membership.objects.get(user=people[Role.ADMIN], workspace=workspace)
    with pytest.raises(services.AccountsError, match="at least one admin"):
        services.change_role(membership=admin, role=Role.ANALYST, by=people[Role.ADMIN])
    with pytest.raises(services.AccountsError, match="at least one admin"):
        services.remove_member(membership=admin, by=people[Role.ADMIN])


def test_admin_changes_a_role_and_removes_a_member_and_both_are_logged(
    workspace, people, client_for
):
    client = client_for(people[Role.ADMIN])
    reviewer = Membership.objects.get(user=people[Role.REVIEWER])
    client.post(f"/w/{workspace.slug}/members/{reviewer.pk}/role/", {"role": Role.ANALYST})
    reviewer.refresh_from_db()
    assert reviewer.role == Role.ANALYST
    client.post(f"/w/{workspace.slug}/members/{reviewer.pk}/remove/")
    assert not Membership.objects.filter(pk=reviewer.pk).exists()
    actions = set(LogEntry.objects.filter(workspace=workspace).values_list("action", flat=True))
    assert {"membership.role_changed", "membership.removed"} <= actions


def test_the_invitation_form_makes_the_admin_choose_a_role(workspace, people, client_for):
    client = client_for(people[Role.ADMIN])
    response = client.post(f"/w/{workspace.slug}/members/", {"email": "x@acme.example"})
    assert "This field is required" in response.content.decode()
    assert not Invitation.objects.exists()
