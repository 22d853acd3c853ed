"""winloss draw-sample, and the issue's check on the demo workspace: a balanced sample of 40.

The demo is built once for the tests that draw from it (each test's draws are rolled back);
the errors are checked on a small program of their own."""

import io
import json
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from winloss.accounts.models import User
from winloss.demo.build import build_demo_workspace
from winloss.programs.models import EntryStatus, Program, SampleEntry
from winloss.programs.sampling.services import replace_declined
from winloss.testing import make_program, make_sample
from winloss.testing.once import built_once

pytestmark = pytest.mark.xdist_group("draw-sample-demo")

ACTIVE = "Q4 2017 wins and losses"


def _run(*args, **options) -> str:
    out = io.StringIO()
    call_command("draw_sample", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def _demo_built(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, build_demo_workspace):
        yield


@pytest.fixture
def demo(_demo_built, db):
    return Program.objects.get(workspace__slug="demo", name=ACTIVE)


def test_a_balanced_sample_of_40_from_the_demo(demo):
    result = json.loads(
        _run(ACTIVE, workspace="demo", size=40, balanced=True, seed=9, replace="Redraw", json=True)
    )
    assert result["size"] == 40 and result["outcomes"] == {"lost": 20, "won": 20}
    entries = SampleEntry.objects.filter(draw__program=demo, draw__discarded_at=None)
    assert entries.count() == 40
    assert all(e.reason.strip() for e in entries)
    assert [e["reason"] for e in result["entries"]] == [
        e.reason for e in entries.order_by("outcome", "segment", "pk")
    ]
    # Both demo interviewers got work, and neither got a deal they own in the CRM.
    rep = User.objects.get(name="Versie Hillebrand")
    for entry in entries.select_related("deal", "interviewer"):
        assert entry.interviewer is not None
        assert not entry.deal.is_owned_by(entry.interviewer)
    assert Counter(e.interviewer_id for e in entries).keys() >= {rep.pk}

    declined = entries.filter(outcome="lost").select_related("deal").first()
    proposal = replace_declined(
        declined, reason="Not the right person", user=None, expected_version=declined.version
    )
    assert proposal.status == EntryStatus.PROPOSED
    assert (proposal.outcome, proposal.segment, proposal.band) == (
        declined.outcome,
        declined.segment,
        declined.band,
    )
    assert proposal.deal.region == declined.deal.region


def test_the_demo_draws_its_active_wave_with_two_refusals_replaced(demo):
    entries = SampleEntry.objects.filter(program=demo)
    assert entries.exclude(status=EntryStatus.PROPOSED).count() == 40
    assert entries.filter(status__in=[EntryStatus.DECLINED, EntryStatus.UNREACHABLE]).count() == 2
    assert entries.filter(status=EntryStatus.PROPOSED, replaces__isnull=False).count() == 2


def test_the_same_seed_draws_the_same_deals_from_the_command_line(demo):
    first = json.loads(_run(ACTIVE, workspace="demo", size=12, seed=4, replace="a", json=True))
    again = json.loads(
        _run(str(demo.pk), workspace="demo", size=12, seed=4, replace="b", json=True)
    )
    assert [e["crm_id"] for e in first["entries"]] == [e["crm_id"] for e in again["entries"]]
    assert first["seed"] == 4 and first["allocation"] == "proportional"


def test_the_readable_output_names_the_picks(demo):
    printed = _run(ACTIVE, workspace="demo", size=6, seed=1, replace="readable")
    assert printed.startswith(f"Drew 6 deals for “{ACTIVE}”")
    assert "seed 1" in printed


@pytest.fixture
def sampled(workspace):
    """A program of ``workspace`` (acme) named as the demo's active wave, with a sample."""
    make_sample(make_program(workspace, name=ACTIVE))


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        ((ACTIVE,), {"workspace": "nowhere", "size": 5}, "There is no workspace 'nowhere'"),
        (("Q9 2031",), {"workspace": "acme", "size": 5}, "There is no program 'Q9 2031'"),
        ((ACTIVE,), {"workspace": "acme", "size": 5}, "already has a sample"),
        ((ACTIVE,), {"workspace": "acme", "size": 0, "replace": "x"}, "at least one deal"),
        (
            (ACTIVE,),
            {"workspace": "acme", "size": 5, "bands": "custom", "replace": "x"},
            "Give the amounts",
        ),
    ],
)
def test_errors_are_one_clear_sentence(sampled, args, options, message):
    before = set(SampleEntry.objects.filter(draw__discarded_at=None).values_list("pk", "status"))
    assert before  # the standing sample a failed --replace must leave alone
    with pytest.raises(CommandError, match=message):
        _run(*args, **options)
    # A failed --replace leaves the standing sample as it was.
    after = set(SampleEntry.objects.filter(draw__discarded_at=None).values_list("pk", "status"))
    assert after == before
