import getpass
import os
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from winloss.accounts.models import Membership, User, Workspace
from winloss.activity.models import LogEntry
from winloss.cli import command_line
from winloss.testing import make_member


def test_create_workspace_then_add_member_from_the_command_line(
    db, smtp_server, django_capture_on_commit_callbacks
):
    out = StringIO()
    call_command("create_workspace", "initech", name="Initech", stdout=out)
    workspace = Workspace.objects.get(slug="initech")
    assert workspace.name == "Initech"
    assert LogEntry.objects.get(action="workspace.created").actor == "cli"

    with django_capture_on_commit_callbacks(execute=True):
        call_command("add_member", "initech", "Pat@Initech.example", role="owner", stdout=out)
    membership = Membership.objects.get(workspace=workspace)
    assert (membership.user.email, membership.role) == ("pat@initech.example", "owner")
    assert not membership.user.has_usable_password()
    assert LogEntry.objects.get(action="membership.added").actor == "cli"
    [message] = smtp_server.messages
    assert message["Subject"] == "Choose your winloss password"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Initech, as Program owner" in body
    assert re.search(r"http://127\.0\.0\.1:8000/accounts/password-reset/\S+/", body)
    assert "choose their password" in out.getvalue()


def test_add_member_can_set_the_password_at_a_prompt(
    workspace, smtp_server, monkeypatch, django_capture_on_commit_callbacks
):
    typed = iter(["short", "short", "a long typed phrase", "a long typed phrase"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    err = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "add_member",
            "acme",
            "pat@acme.example",
            "--role=analyst",
            "--name=Pat Analyst",
            "--password-prompt",
            stdout=StringIO(),
            stderr=err,
        )
    user = User.objects.get(email="pat@acme.example")
    assert user.check_password("a long typed phrase") and user.name == "Pat Analyst"
    assert "too short" in err.getvalue()
    assert smtp_server.messages == []  # nothing to choose by email


def test_add_member_gives_up_after_three_bad_passwords_and_changes_nothing(workspace, monkeypatch):
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "short")
    with pytest.raises(CommandError, match="No password set"):
        call_command(
            "add_member",
            "acme",
            "pat@acme.example",
            "--role=analyst",
            "--password-prompt",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert not User.objects.filter(email="pat@acme.example").exists()


def test_add_member_adds_an_existing_person_without_touching_their_password(
    workspace, outsider, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("add_member", "acme", outsider.email, "--role=reviewer", stdout=StringIO())
    assert Membership.objects.get(user=outsider, workspace=workspace).role == "reviewer"
    assert smtp_server.messages == []


def test_creating_a_workspace_twice_is_refused(workspace):
    with pytest.raises(CommandError, match="'acme' already exists"):
        call_command("create_workspace", "acme", stdout=StringIO())
    assert Workspace.objects.filter(slug="acme").count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create_workspace", "Not A Slug"], "cannot be an address"),
        (["create_workspace", "Acme"], "cannot be an address"),
        (["create_workspace", "a" * 51], "at most 50"),
        (["add_member", "nowhere", "a@example.com", "--role", "owner"], "No workspace"),
        (
            ["add_member", "acme", "a@example.com", "--role", "boss"],
            "Unknown role 'boss'. Choose one of: admin, owner, analyst, coordinator, "
            "interviewer, reviewer, stakeholder",
        ),
        (["add_member", "acme", "not-an-email", "--role", "owner"], "not an email address"),
        (["add_member", "acme", "analyst@acme.example", "--role", "owner"], "already a member"),
    ],
)
def test_bad_command_line_input_gets_a_clear_error(workspace, args, message):
    make_member(workspace, "analyst", email="analyst@acme.example")
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command(*args, stdout=StringIO())
    assert Workspace.objects.count() == 1 and User.objects.count() == 1


def test_commands_can_be_typed_with_hyphens():
    assert command_line(["/usr/bin/winloss", "create-workspace", "acme"]) == [
        "winloss",
        "create_workspace",
        "acme",
    ]
    assert command_line(["winloss", "--version"]) == ["winloss", "--version"]


def test_the_installed_command_answers_with_hyphens(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "winloss", "help", "add-member"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "DEBUG": "1", "DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "--role" in result.stdout and "--password-prompt" in result.stdout


@pytest.mark.xdist_group("migrated-sqlite")
def test_a_failing_command_exits_non_zero_with_its_message(migrated_data_dir):
    env = {**os.environ, "DEBUG": "1", "DATA_DIR": str(migrated_data_dir)}
    env.pop("DATABASE_URL", None)
    run = [sys.executable, "-m", "winloss"]
    first = subprocess.run(
        [*run, "create-workspace", "acme"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    again = subprocess.run(
        [*run, "create-workspace", "acme"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    assert again.returncode != 0 and "already exists" in again.stderr
