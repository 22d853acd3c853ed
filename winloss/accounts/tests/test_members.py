import pytest
from django.test import Client

from winloss.accounts import invitations, services
from winloss.accounts.models import Membership, User
from winloss.accounts.roles import Role
from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.testing import make_member


def _membership(user) -> Membership:
    return Membership.objects.get(user=user)


def _role_form(membership: Membership, role: str) -> dict:
    return {"role": role, "version": membership.version}


def test_the_members_page_lists_everyone_with_their_role_and_waiting_invitations(
    workspace, people, client_for
):
    invitations.invite_member(
        workspace=workspace,
        email="newcomer@acme.example",
        role=Role.COORDINATOR,
        invited_by=people[Role.ADMIN],
    )
    page = client_for(people[Role.ADMIN]).get(f"/w/{workspace.slug}/members/").content.decode()
    for user in people.values():
        assert user.email in page
    assert "newcomer@acme.example" in page and "Withdraw" in page


def test_members_pages_are_for_workspace_admins_and_hidden_from_outsiders(
    workspace, people, outsider
):
    target = _membership(people[Role.ANALYST])
    urls = [
        ("get", f"/w/{workspace.slug}/members/"),
        ("post", f"/w/{workspace.slug}/members/invite/"),
        ("post", f"/w/{workspace.slug}/members/{target.pk}/role/"),
        ("post", f"/w/{workspace.slug}/members/{target.pk}/remove/"),
    ]
    owner, stranger = Client(), Client()
    owner.force_login(people[Role.OWNER])
    stranger.force_login(outsider)
    for method, url in urls:
        assert getattr(owner, method)(url).status_code == 403, url
        assert getattr(stranger, method)(url).status_code == 404, url
    assert Membership.objects.filter(pk=target.pk, role=Role.ANALYST).exists()


def test_only_admins_see_the_members_link(workspace, people, client_for):
    admin_page = client_for(people[Role.ADMIN]).get(f"/w/{workspace.slug}/programs/")
    assert f'href="/w/{workspace.slug}/members/"' in admin_page.content.decode()
    owner = Client()
    owner.force_login(people[Role.OWNER])
    owner_page = owner.get(f"/w/{workspace.slug}/programs/")
    assert f'href="/w/{workspace.slug}/members/"' not in owner_page.content.decode()


def test_admin_changes_a_role_and_removes_a_member_and_both_are_logged(
    workspace, people, client_for
):
    client = client_for(people[Role.ADMIN])
    reviewer = _membership(people[Role.REVIEWER])
    client.post(
        f"/w/{workspace.slug}/members/{reviewer.pk}/role/", _role_form(reviewer, Role.ANALYST)
    )
    reviewer.refresh_from_db()
    assert reviewer.role == Role.ANALYST
    client.post(f"/w/{workspace.slug}/members/{reviewer.pk}/remove/")
    assert not Membership.objects.filter(pk=reviewer.pk).exists()

    entries = LogEntry.objects.filter(workspace=workspace).order_by("id")
    assert [describe(e) for e in entries] == [
        "admin@acme.example changed reviewer@acme.example's role.",
        "admin@acme.example removed reviewer@acme.example from the workspace.",
    ]
    assert entries[0].changes == {"role": ["Reviewer", "Analyst"]}


def test_a_role_changed_by_another_admin_meanwhile_is_not_overwritten(
    workspace, people, client_for
):
    analyst = _membership(people[Role.ANALYST])
    stale_page = _role_form(analyst, Role.OWNER)
    services.change_role(membership=analyst, role=Role.REVIEWER, by=people[Role.ADMIN])

    response = client_for(people[Role.ADMIN]).post(
        f"/w/{workspace.slug}/members/{analyst.pk}/role/", stale_page, follow=True
    )

    assert "Someone else changed" in response.content.decode()
    analyst.refresh_from_db()
    assert analyst.role == Role.REVIEWER


def test_the_last_admin_can_be_neither_demoted_nor_removed(workspace, people):
    admin = _membership(people[Role.ADMIN])
    with pytest.raises(services.AccountsError, match="at least one admin"):
        services.change_role(membership=admin, role=Role.ANALYST, by=people[Role.ADMIN])
    with pytest.raises(services.AccountsError, match="at least one admin"):
        services.remove_member(membership=admin, by=people[Role.ADMIN])
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN


def test_the_members_page_says_why_the_last_admin_stays(workspace, people, client_for):
    client = client_for(people[Role.ADMIN])
    admin = _membership(people[Role.ADMIN])
    demoted = client.post(
        f"/w/{workspace.slug}/members/{admin.pk}/role/",
        _role_form(admin, Role.OWNER),
        follow=True,
    )
    removed = client.post(f"/w/{workspace.slug}/members/{admin.pk}/remove/", follow=True)
    for response in (demoted, removed):
        assert "only workspace admin" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN
    assert not LogEntry.objects.filter(action__startswith="membership.").exists()


def test_with_a_second_admin_an_admin_may_step_down_and_leaves_the_members_page(
    workspace, people, client_for
):
    make_member(workspace, Role.ADMIN)
    admin = _membership(people[Role.ADMIN])
    response = client_for(people[Role.ADMIN]).post(
        f"/w/{workspace.slug}/members/{admin.pk}/role/", _role_form(admin, Role.OWNER)
    )
    admin.refresh_from_db()
    assert admin.role == Role.OWNER
    assert response["Location"] == f"/w/{workspace.slug}/"


def test_an_admin_who_removes_themselves_goes_home(workspace, people, client_for):
    make_member(workspace, Role.ADMIN)
    admin = _membership(people[Role.ADMIN])
    response = client_for(people[Role.ADMIN]).post(
        f"/w/{workspace.slug}/members/{admin.pk}/remove/"
    )
    assert response["Location"] == "/"
    assert not Membership.objects.filter(pk=admin.pk).exists()


def test_add_member_creates_an_account_without_a_password_and_logs_it(workspace, people):
    membership = services.add_member(
        workspace=workspace, email=" New@Acme.example ", role=Role.STAKEHOLDER, actor="cli"
    )
    user = User.objects.get(email="new@acme.example")
    assert membership.user == user and not user.has_usable_password()
    entry = LogEntry.objects.get(action="membership.added")
    assert describe(entry) == "cli added new@acme.example as Stakeholder."


def test_add_member_refuses_an_existing_member_and_an_unknown_role(workspace, people):
    with pytest.raises(services.AccountsError, match="already a member"):
        services.add_member(
            workspace=workspace, email=people[Role.OWNER].email.upper(), role=Role.ANALYST
        )
    with pytest.raises(services.AccountsError, match="Choose one of: admin, owner"):
        services.add_member(workspace=workspace, email="x@acme.example", role="boss")
    assert not User.objects.filter(email="x@acme.example").exists()


def test_add_member_never_sets_an_existing_accounts_password(workspace, outsider):
    with pytest.raises(services.AccountsError, match="keeps its own password"):
        services.add_member(
            workspace=workspace, email=outsider.email, role=Role.ANALYST, password="taken over"
        )
    outsider.refresh_from_db()
    assert not outsider.check_password("taken over")


def test_an_admin_renames_the_workspace_and_its_address_stays(workspace, people, client_for):
    client = client_for(people[Role.ADMIN])
    page = client.get(f"/w/{workspace.slug}/members/").content.decode()
    assert 'value="Acme Corp"' in page and "Rename the workspace" in page
    response = client.post(
        f"/w/{workspace.slug}/members/name/",
        {"name": "  Acme   Inc. ", "version": workspace.version},
        follow=True,
    )
    assert "The workspace is now called “Acme Inc.”" in response.content.decode()
    workspace.refresh_from_db()
    assert (workspace.name, workspace.slug) == ("Acme Inc.", "acme")  # links keep working
    assert LogEntry.objects.get(action="workspace.renamed").changes == {
        "name": ["Acme Corp", "Acme Inc."]
    }


def test_a_rename_on_a_stale_page_is_refused_and_says_so(workspace, people, client_for):
    client = client_for(people[Role.ADMIN])
    opened = workspace.version
    client.post(f"/w/{workspace.slug}/members/name/", {"name": "First", "version": opened})
    response = client.post(
        f"/w/{workspace.slug}/members/name/", {"name": "Second", "version": opened}, follow=True
    )
    assert "Someone renamed the workspace meanwhile" in response.content.decode()
    workspace.refresh_from_db()
    assert workspace.name == "First"
