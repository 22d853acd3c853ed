from winloss.accounts.roles import Role
from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.testing import PASSWORD, make_workspace


def test_profile_lists_each_workspace_with_the_persons_role_there(workspace, people, client_for):
    user = people[Role.COORDINATOR]
    other = make_workspace(slug="initech", name="Initech")
    other.memberships.create(user=user, role=Role.ADMIN)
    page = client_for(user).get("/accounts/profile/").content.decode()
    assert 'href="/w/acme/"' in page and 'href="/w/initech/"' in page
    assert "Coordinator" in page and "Workspace admin" in page


def test_changing_your_name_is_saved_and_logged_outside_any_workspace(
    workspace, people, client_for
):
    user = people[Role.COORDINATOR]
    old = user.name
    response = client_for(user).post("/accounts/profile/", {"name": "Cora Coordinator"})
    assert response["Location"] == "/accounts/profile/"
    user.refresh_from_db()
    assert user.name == "Cora Coordinator"
    entry = LogEntry.objects.get(action="user.renamed")
    assert entry.workspace is None and entry.changes == {"name": [old, "Cora Coordinator"]}
    assert describe(entry) == "coordinator@acme.example changed their name."


def test_a_name_cannot_be_emptied(workspace, people, client_for):
    user = people[Role.COORDINATOR]
    response = client_for(user).post("/accounts/profile/", {"name": "  "})
    assert "This field is required" in response.content.decode()
    assert not LogEntry.objects.filter(action="user.renamed").exists()


def test_changing_your_password_needs_the_old_one(workspace, people, client_for):
    user = people[Role.REVIEWER]
    client = client_for(user)
    wrong = client.post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": "a new phrase", "new_password2": "a new phrase"},
    )
    assert wrong.status_code == 200
    right = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a new phrase",
            "new_password2": "a new phrase",
        },
    )
    assert right["Location"] == "/accounts/password/done/"
    user.refresh_from_db()
    assert user.check_password("a new phrase")
    assert client.get("/accounts/profile/").status_code == 200  # still logged in


def test_the_user_menu_links_to_the_profile(workspace, people, client_for):
    page = client_for(people[Role.STAKEHOLDER]).get(f"/w/{workspace.slug}/programs/")
    assert 'href="/accounts/profile/"' in page.content.decode()


def test_the_home_page_takes_a_person_back_to_the_workspace_they_opened_last(
    workspace, people, client_for
):
    user = people[Role.COORDINATOR]
    other = make_workspace(slug="initech", name="Initech")
    other.memberships.create(user=user, role=Role.ADMIN)
    client = client_for(user)
    assert client.get("/").status_code == 200  # two workspaces, none opened yet: choose
    client.get("/w/initech/")
    assert client.get("/")["Location"] == "/w/initech/"
    client.get("/w/acme/")
    assert client.get("/")["Location"] == "/w/acme/"
