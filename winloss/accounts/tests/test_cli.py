import os
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from winloss.accounts.models import Membership, Workspace
from winloss.activity.models import LogEntry
from winloss.cli import command_line


def test_create_workspace_then_add_member_from_the_command_line(db, smtp_server):
    out = StringIO()
    call_command("create_workspace", "initech", name="Initech", stdout=out)
    workspace = Workspace.objects.get(slug="initech")
    assert LogEntry.objects.get(action="workspace.created").actor == "cli"

    call_command("add_member", "initech", "Pat@Initech.example", role="owner", stdout=out)
    membership = Membership.objects.get(workspace=workspace)
    assert (membership.user.email, membership.role) == ("pat@initech.example", "owner")
    [message] = smtp_server.messages
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert re.search(r"/accounts/password-reset/\S+/", body)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create_workspace", "Not A Slug"], "cannot be an address"),
        (["add_member", "nowhere", "a@example.com", "--role", "owner"], "No workspace"),
        (["add_member", "acme", "a@example.com", "--role", "boss"], "Unknown role 'boss'"),
        (["add_member", "acme", "not-an-email", "--role", "owner"], "not an email address"),
    ],
)
def test_bad_command_line_input_gets_a_clear_error(workspace, args, message):
    with pytest.raises(CommandError, match=message):
        call_command(*args, stdout=StringIO())


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
    assert "--role" in result.stdout
