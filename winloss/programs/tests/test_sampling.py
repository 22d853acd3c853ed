"""SOP step 2 at the service: draws, reasons, exclusions, replacements and interviewers."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from winloss.accounts.roles import Role
from winloss.activity.models import LogEntry
from winloss.deals.models import Deal, Outcome
from winloss.lib.concurrency import StaleEdit
from winloss.programs.models import EntrySource, EntryStatus, SampleEntry
from winloss.programs.sampling.services import (
    DrawSettings,
    SampleError,
    accept_replacement,
    add_to_sample,
    approve_exclusion,
    assign_interviewer,
    assign_interviewers,
    discard_sample,
    draw_sample,
    record_refusal,
    redraw_sample,
    remove_from_sample,
    replace_declined,
    skip_replacement,
)
from winloss.programs.sampling.strata import quantile_bands
from winloss.testing import make_account, make_contact, make_deal, make_member, make_program


@pytest.fixture
def pipeline(workspace):
    """60 won and 40 lost deals over two regions and a spread of amounts, one account each."""
    deals = []
    for i in range(100):
        outcome = Outcome.WON if i < 60 else Outcome.LOST
        deals.append(
            make_deal(
                workspace,
                account=make_account(workspace),
                outcome=outcome,
                region="East" if i % 2 else "West",
                amount=Decimal(1000 + 500 * (i % 10)),
                close_date=dt.date(2025, 2, 1) + dt.timedelta(days=i % 28),
            )
        )
    return deals


@pytest.fixture
def program(workspace):
    return make_program(workspace)


def _draw(program, **overrides):
    settings = {"size": 20, "seed": 42, **overrides}
    return draw_sample(program, settings=DrawSettings(**settings))


def test_proportional_draw_mirrors_the_pipeline_and_records_every_reason(program, pipeline):
    draw = _draw(program)
    entries = list(draw.entries.all())
    assert len(entries) == 20
    assert Counter(e.outcome for e in entries) == {Outcome.WON: 12, Outcome.LOST: 8}
    assert all(e.reason.startswith("Random pick") and "seed 42" in e.reason for e in entries)
    assert all(e.source == EntrySource.DRAWN for e in entries)
    assert draw.eligible == 100 and sum(c["eligible"] for c in draw.cells) == 100
    assert LogEntry.objects.filter(action="sample.drawn", object_id=program.pk).exists()


def test_balanced_draw_gives_each_outcome_the_same_places(program, pipeline):
    draw = _draw(program, allocation="balanced")
    assert Counter(e.outcome for e in draw.entries.all()) == {Outcome.WON: 10, Outcome.LOST: 10}


def test_every_stratum_gets_its_minimum(program, pipeline):
    draw = _draw(program, size=12, min_per_cell=1)
    assert all(cell["drawn"] >= 1 for cell in draw.cells)
    # 2 outcomes × 2 regions × 3 size bands
    assert len(draw.cells) == 12


def test_the_same_seed_draws_the_same_sample(program, pipeline, workspace):
    first = set(_draw(program).entries.values_list("deal_id", flat=True))
    discard_sample(program, reason="checking the seed", user=None)
    again = set(_draw(program).entries.values_list("deal_id", flat=True))
    assert first == again
    discard_sample(program, reason="checking another seed", user=None)
    other = set(_draw(program, seed=43).entries.values_list("deal_id", flat=True))
    assert other != first


def test_a_second_draw_is_refused_while_a_sample_stands(program, pipeline):
    _draw(program)
    with pytest.raises(SampleError, match="already has a sample"):
        _draw(program)


def test_custom_bands_label_the_strata(program, pipeline):
    draw = _draw(program, band_method="custom", band_edges=(Decimal(2000), Decimal(4000)))
    bands = {c["band"] for c in draw.cells}
    assert bands == {"Under 2,000", "2,000–4,000", "4,000 and over"}


def test_disputed_accounts_are_kept_out_unless_approved(program, workspace):
    account = make_account(workspace)
    make_deal(workspace, account=account, open_dispute=True)
    calm = make_deal(workspace, account=account)  # same account: kept out too
    make_deal(workspace, account=make_account(workspace))
    draw = _draw(program, size=5)
    assert draw.excluded["open_dispute"] == 2
    assert calm.pk not in set(draw.entries.values_list("deal_id", flat=True))
    discard_sample(program, reason="approval given", user=None)
    approve_exclusion(program, account=account, reason="Legal cleared it", user=None)
    draw = _draw(program, size=5)
    # Both of the approved account's deals are eligible again; one account gives one deal.
    assert draw.excluded["open_dispute"] == 0 and draw.eligible == 3
    assert draw.entries.count() == 2


def test_deals_whose_every_contact_is_do_not_contact_are_kept_out(program, workspace):
    deal = make_deal(workspace, account=make_account(workspace))
    deal.contacts.add(make_contact(workspace, do_not_contact=True))
    reachable = make_deal(workspace, account=make_account(workspace))
    reachable.contacts.add(make_contact(workspace, do_not_contact=True), make_contact(workspace))
    draw = _draw(program, size=5)
    assert draw.excluded["do_not_contact"] == 1
    entry = draw.entries.get()
    assert entry.deal == reachable and not entry.contact.do_not_contact


def test_accounts_in_another_recent_sample_are_kept_out(workspace):
    account = make_account(workspace)
    make_deal(workspace, account=account)
    make_deal(workspace, account=make_account(workspace))
    _draw(make_program(workspace), size=5)
    with pytest.raises(SampleError, match="No closed deal in the scope is eligible"):
        _draw(make_program(workspace), size=5)
    fresh = make_program(workspace)
    assert _draw(fresh, size=5, recent_days=0).entries.count() == 2


def test_one_account_gives_at_most_one_deal(program, workspace):
    account = make_account(workspace)
    for _ in range(5):
        make_deal(workspace, account=account)
    draw = _draw(program, size=5)
    assert draw.entries.count() == 1
    assert any("accounts already in the sample" in note for note in draw.notes)


def test_a_decline_is_replaced_from_the_same_stratum(program, pipeline):
    draw = _draw(program, allocation="balanced")
    entry = draw.entries.filter(outcome=Outcome.LOST).first()
    proposal = replace_declined(
        entry, reason="No time this quarter", user=None, expected_version=entry.version
    )
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DECLINED and entry.refusal_reason == "No time this quarter"
    assert proposal.status == EntryStatus.PROPOSED and proposal.replaces == entry
    assert (proposal.outcome, proposal.segment, proposal.band) == (
        entry.outcome,
        entry.segment,
        entry.band,
    )
    assert proposal.deal.region == entry.deal.region
    assert "No time this quarter" in proposal.reason
    accept_replacement(proposal, user=None, expected_version=proposal.version)
    proposal.refresh_from_db()
    assert proposal.status == EntryStatus.SELECTED


def test_passing_over_a_replacement_proposes_the_next(program, pipeline):
    entry = _draw(program).entries.first()
    first = record_refusal(
        entry, status="unreachable", reason="Bounced", user=None, expected_version=1
    )
    second = skip_replacement(first, reason="Same parent company", user=None, expected_version=1)
    assert second is not None and second.deal != first.deal
    assert second.replaces == entry
    first.refresh_from_db()
    assert first.status == EntryStatus.REMOVED and first.removal_reason == "Same parent company"


def test_a_refusal_needs_a_reason_and_a_fresh_version(program, pipeline):
    entry = _draw(program).entries.first()
    with pytest.raises(SampleError, match="reason"):
        record_refusal(entry, status="declined", reason=" ", user=None, expected_version=1)
    with pytest.raises(StaleEdit):
        record_refusal(entry, status="declined", reason="No", user=None, expected_version=7)
    assert SampleEntry.objects.get(pk=entry.pk).status == EntryStatus.SELECTED


def test_an_empty_stratum_proposes_no_replacement(program, workspace):
    make_deal(workspace, account=make_account(workspace))
    entry = _draw(program, size=1).entries.get()
    assert (
        record_refusal(entry, status="declined", reason="No", user=None, expected_version=1) is None
    )
    assert LogEntry.objects.filter(action="sample.no_replacement").exists()


def test_hand_additions_and_removals_need_a_reason(program, pipeline, workspace, people):
    draw = _draw(program, size=5)
    outside = next(d for d in pipeline if not draw.entries.filter(deal=d).exists())
    with pytest.raises(SampleError, match="Say why"):
        add_to_sample(program, deal=outside, reason="", user=people["analyst"])
    entry = add_to_sample(program, deal=outside, reason="Key logo", user=people["analyst"])
    assert entry.source == EntrySource.MANUAL and "Key logo" in entry.reason
    with pytest.raises(SampleError, match="already in the sample"):
        add_to_sample(program, deal=outside, reason="again", user=None)
    with pytest.raises(SampleError, match="Say why"):
        remove_from_sample(entry, reason="", user=None, expected_version=entry.version)
    remove_from_sample(entry, reason="Duplicate of parent", user=None, expected_version=1)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REMOVED


def test_a_kept_out_deal_needs_explicit_approval_to_be_added(program, workspace, pipeline):
    _draw(program, size=5)
    disputed = make_deal(workspace, account=make_account(workspace), open_dispute=True)
    with pytest.raises(SampleError, match="open dispute"):
        add_to_sample(program, deal=disputed, reason="Exec asked", user=None)
    entry = add_to_sample(program, deal=disputed, reason="Exec asked", user=None, override=True)
    assert entry.is_active


def test_a_deal_outside_the_scope_cannot_be_added(program, workspace, pipeline):
    _draw(program, size=5)
    late = make_deal(workspace, close_date=dt.date(2026, 1, 1))
    with pytest.raises(SampleError, match="not a closed deal in this program's scope"):
        add_to_sample(program, deal=late, reason="Why not", user=None)


def test_no_interviewer_is_assigned_their_own_deal(program, workspace):
    rep = make_member(workspace, Role.INTERVIEWER, name="Rita Rep", email="rita@acme.example")
    neutral = make_member(workspace, Role.INTERVIEWER, name="Nia Neutral")
    for _ in range(6):
        make_deal(workspace, account=make_account(workspace), owner_name="Rita Rep")
    for _ in range(4):
        make_deal(workspace, account=make_account(workspace), owner_name="Someone Else")
    draw = _draw(program, size=10)
    for entry in draw.entries.select_related("deal", "interviewer"):
        assert entry.interviewer is not None
        assert not entry.deal.is_owned_by(entry.interviewer)
    assert draw.entries.filter(interviewer=rep).count() == 4
    assert draw.entries.filter(interviewer=neutral).count() == 6
    own = draw.entries.filter(interviewer=neutral, deal__owner_name="Rita Rep").first()
    with pytest.raises(SampleError, match="must not interview their own deal"):
        assign_interviewer(own, interviewer=rep, user=None, expected_version=own.version)


def test_ownership_is_recognised_by_account_email_or_name(workspace):
    rep = make_member(workspace, Role.INTERVIEWER, name="Pat Lee", email="pat@acme.example")
    assert make_deal(workspace, owner=rep, owner_name="").is_owned_by(rep)
    assert make_deal(workspace, owner_email="PAT@acme.example", owner_name="").is_owned_by(rep)
    assert make_deal(workspace, owner_name=" pat lee ").is_owned_by(rep)
    assert not make_deal(workspace, owner_name="Pat Leeson").is_owned_by(rep)


def test_interviewer_load_is_balanced(program, pipeline, workspace):
    people = [make_member(workspace, Role.INTERVIEWER) for _ in range(3)]
    draw = _draw(program, size=20)
    loads = sorted(draw.entries.filter(interviewer=p).count() for p in people)
    assert loads == [6, 7, 7]
    assert assign_interviewers(program) == 0  # nothing left to assign


def test_only_people_who_may_conduct_interviews_can_be_assigned(program, pipeline, people):
    entry = _draw(program).entries.first()
    with pytest.raises(SampleError, match="cannot conduct interviews"):
        assign_interviewer(
            entry, interviewer=people["stakeholder"], user=None, expected_version=entry.version
        )
    assign_interviewer(
        entry, interviewer=people["owner"], user=None, expected_version=entry.version
    )


def test_discarding_keeps_the_old_sample_as_removed(program, pipeline):
    draw = _draw(program)
    with pytest.raises(SampleError, match="Say why"):
        discard_sample(program, reason="", user=None)
    discard_sample(program, reason="Scope changed", user=None)
    assert set(draw.entries.values_list("status", flat=True)) == {EntryStatus.REMOVED}
    _draw(program)  # a new one can be drawn


def test_a_redraw_discards_and_draws_together_and_logs_both_for_its_actor(program, pipeline):
    old = _draw(program)
    settings = DrawSettings(size=10, seed=2, min_per_cell=0)
    with pytest.raises(SampleError, match="at least one deal"):
        redraw_sample(program, settings=DrawSettings(size=0), reason="Again", actor="cli")
    assert old.entries.exclude(status=EntryStatus.REMOVED).exists()  # still standing
    new = redraw_sample(program, settings=settings, reason="Again", actor="cli")
    assert new.pk != old.pk and new.entries.count() == 10
    logged = LogEntry.objects.filter(action__in=["sample.discarded", "sample.drawn"], actor="cli")
    assert set(logged.values_list("action", flat=True)) == {"sample.discarded", "sample.drawn"}


def test_a_draw_needs_a_scope(workspace):
    program = make_program(workspace, objective="")
    with pytest.raises(SampleError, match="Define the scope"):
        _draw(program)


def test_assigning_someone_of_another_workspace_never_names_them(program, pipeline):
    from winloss.testing import make_workspace

    outsider = make_member(make_workspace(slug="initech"), Role.INTERVIEWER, name="Olivia Out")
    entry = _draw(program).entries.first()
    with pytest.raises(SampleError) as refused:
        assign_interviewer(entry, interviewer=outsider, user=None, expected_version=entry.version)
    assert "Olivia" not in str(refused.value) and "members of this workspace" in str(refused.value)


def test_deals_in_another_currency_get_a_band_of_their_own_not_a_place_among_amounts(
    program, pipeline, workspace
):
    """Ten EUR deals with amounts far above the USD ones: cut with the rest, they would fill
    the top band; they are their own band, and the USD bands are cut from USD amounts."""
    for i in range(10):
        make_deal(
            workspace,
            account=make_account(workspace),
            outcome=Outcome.LOST,
            region="East",
            amount=Decimal(900_000 + i),
            currency="EUR",
            close_date=dt.date(2025, 2, 3),
        )
    draw = _draw(program, band_method="terciles")
    assert draw.band_currency == "USD"
    labels = {c["band"] for c in draw.cells}
    assert "In another currency" in labels
    assert all(
        label.endswith(("USD", "USD and over")) for label in labels - {"In another currency"}
    )
    # The edges are those of the USD deals alone: the EUR ones moved no edge.
    usd = quantile_bands(Deal.objects.filter(workspace=workspace, currency="USD"), 3)
    assert usd.currency == "" and draw.band_edges == [str(e) for e in usd.edges]
    eur_cells = [c for c in draw.cells if c["band"] == "In another currency"]
    assert sum(c["eligible"] for c in eur_cells) == 10


def test_one_currency_keeps_its_bands_unlabelled(program, pipeline):
    draw = _draw(program, band_method="terciles")
    assert draw.band_currency == ""
    assert not any("another currency" in c["band"] for c in draw.cells)


def test_program_health_cuts_deal_size_within_one_currency(program, pipeline, workspace):
    from winloss.programs.health.coverage import coverage

    make_deal(
        workspace, account=make_account(workspace), outcome=Outcome.WON, amount=Decimal(5),
        currency="GBP", close_date=dt.date(2025, 2, 3),
    )  # fmt: skip
    rows = {r.key: r.pipeline for r in coverage(program, "band", None).rows}
    assert rows["In another currency"] == 1
    assert sum(rows.values()) == 101
