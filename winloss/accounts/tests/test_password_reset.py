import re

from django.test import Client

from winloss.accounts.roles import Role


def test_password_reset_email_arrives_and_its_link_sets_a_new_password(
    workspace, people, smtp_server
):
    user = people[Role.ANALYST]
    client = Client()
    response = client.post("/accounts/password-reset/", {"email": user.email.upper()})
    assert response.status_code == 302

    [message] = smtp_server.messages
    assert message["To"] == user.email
    body = message.get_body(preferencelist=("plain",)).get_content()
    path = re.search(r"http://testserver(/accounts/password-reset/\S+/)", body).group(1)

    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another long phrase", "new_password2": "another long phrase"},
    )
    user.refresh_from_db()
    assert user.check_password("another long phrase")


def test_password_reset_says_nothing_about_unknown_addresses(db, smtp_server):
    response = Client().post("/accounts/password-reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert smtp_server.messages == []


def test_profile_shows_workspaces_and_saves_the_name(workspace, people, client_for):
    client = client_for(people[Role.COORDINATOR])
    assert "Acme Corp" in client.get("/accounts/profile/").content.decode()
    client.post("/accounts/profile/", {"name": "Cora Coordinator"})
    people[Role.COORDINATOR].refresh_from_db()
    assert people[Role.COORDINATOR].name == "Cora Coordinator"
