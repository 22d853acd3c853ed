import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from winloss.interviews.models import Note
from winloss.retention.models import PurgeRun, RetentionPolicy
from winloss.testing import make_program, make_workspace

from .builders import old_interview


def _run(*args: str) -> str:
    out = StringIO()
    call_command("purge", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def program(workspace):
    RetentionPolicy.objects.create(workspace=workspace, days=30)
    return make_program(workspace)


def test_a_dry_run_prints_what_would_go_and_purges_nothing(program):
    interview = old_interview(program, days_ago=31)

    out = _run("--workspace", "acme", "--dry-run")

    assert out.startswith("acme: would purge 1 interviews: 1 notes, 1 revisions")
    assert interview.entry.deal.name in out
    assert Note.objects.get().text and not PurgeRun.objects.exists()


def test_json_reports_the_run(program):
    old_interview(program, days_ago=31)

    result = json.loads(_run("--workspace", "acme", "--json"))

    assert (result["workspace"], result["days"], result["interviews"], result["excerpts"]) == (
        "acme", 30, 1, 2,
    )  # fmt: skip
    assert PurgeRun.objects.get().pk == result["run"]
    assert Note.objects.get().text == ""


def test_without_a_workspace_every_workspace_keeps_its_promise(program):
    old_interview(program, days_ago=31)
    other = make_workspace(slug="initech")  # no saved policy: the 365 days its consent says
    old_interview(make_program(other), days_ago=4000)
    kept = make_workspace(slug="kept")
    RetentionPolicy.objects.create(workspace=kept, days=None)
    old_interview(make_program(kept), days_ago=4000)

    lines = [json.loads(line) for line in _run("--json").splitlines()]

    assert [(r["workspace"], r["days"], r["interviews"]) for r in lines] == [
        ("acme", 30, 1), ("initech", 365, 1), ("kept", None, 0),
    ]  # fmt: skip
    assert Note.objects.filter(interview__workspace=kept).exclude(text="").exists()


def test_an_unknown_workspace_is_an_error(db):
    with pytest.raises(CommandError, match="no workspace"):
        _run("--workspace", "nope")
