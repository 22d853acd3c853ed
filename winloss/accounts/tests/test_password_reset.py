import re

from django.test import Client

from winloss.accounts import services
from winloss.accounts.roles import Role


def _reset_path(message, host: str = "testserver") -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(rf"http://{host}(/accounts/password-reset/\S+/)", body).group(1)


def _choose_password(client: Client, path: str, password: str):
    # Django swaps the token in the address for a session marker before showing the form.
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    return client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
        follow=True,
    )


def test_password_reset_email_arrives_and_its_link_sets_a_new_password(
    workspace, people, smtp_server, django_capture_on_commit_callbacks
):
    user = people[Role.ANALYST]
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password-reset/", {"email": user.email.upper()})
    assert response["Location"] == "/accounts/password-reset/sent/"

    [message] = smtp_server.messages
    assert message["To"] == user.email
    assert message["Subject"] == "Reset your winloss password"
    path = _reset_path(message)
    assert path in message.get_body(preferencelist=("html",)).get_content()

    done = _choose_password(client, path, "another long phrase")
    assert "Password set" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password("another long phrase")

    # The link works once.
    again = Client().get(path, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_the_reset_link_uses_the_host_the_person_asked_from(
    workspace, people, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.ALLOWED_HOSTS = ["winloss.acme.example"]
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            "/accounts/password-reset/",
            {"email": people[Role.OWNER].email},
            HTTP_HOST="winloss.acme.example",
        )
    [message] = smtp_server.messages
    assert _reset_path(message, host="winloss.acme.example")


def test_someone_added_without_a_password_chooses_one_through_the_reset_link(
    workspace, smtp_server, django_capture_on_commit_callbacks
):
    membership = services.add_member(workspace=workspace, email="new@acme.example", role="owner")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password-reset/", {"email": "new@acme.example"})
    [message] = smtp_server.messages
    _choose_password(client, _reset_path(message), "a first long phrase")
    membership.user.refresh_from_db()
    assert membership.user.check_password("a first long phrase")


def test_password_reset_says_nothing_about_unknown_addresses(
    db, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = Client().post("/accounts/password-reset/", {"email": "nobody@example.com"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert callbacks == [] and smtp_server.messages == []


def test_a_deactivated_account_gets_no_reset_email(
    workspace, people, smtp_server, django_capture_on_commit_callbacks
):
    user = people[Role.STAKEHOLDER]
    user.is_active = False
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/accounts/password-reset/", {"email": user.email})
    assert smtp_server.messages == []


def test_the_login_page_links_to_the_password_reset():
    assert 'href="/accounts/password-reset/"' in Client().get("/accounts/login/").content.decode()
