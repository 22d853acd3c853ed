"""Planted data for the tests and the benchmark: validated interviews with coded excerpts whose
shares are known exactly, and the issue's known-answer cases (``plant_north_south``,
``plant_healthcare``) with the figures they must give. Built in bulk, so thousands of
interviews take seconds."""

import datetime as dt
import itertools
from decimal import Decimal

from winloss.coding.models import CodedExcerpt
from winloss.coding.queries import codebook_for
from winloss.coding.summary import refresh_summary
from winloss.deals.models import Account, Deal, Outcome
from winloss.interviews.models import (
    Interview,
    InterviewStatus,
    Note,
    RepDebrief,
    Validation,
    ValidationStatus,
)
from winloss.outreach.models import Appointment
from winloss.programs.models import SampleDraw, SampleEntry
from winloss.testing import make_guide

_seq = itertools.count(1)


def plant(program, rows: list[dict]) -> list[Interview]:
    """One deal per row, with one validated interview: ``outcome``, ``codes`` [(theme slug,
    direction) or (slug, direction, named competitor)], optional ``region``, ``industry``,
    ``tier``, ``rival`` (the deal's primary competitor), ``rep_reason`` (a debrief theme),
    ``met`` (every competitor the deal met), ``owner``, ``validated``, ``cycle`` (days from
    the deal's opening to its close), ``role`` (the respondent's), and ``voices``: further
    people heard on the same deal, each a dict of ``role``, ``codes`` and ``validated``."""
    workspace = program.workspace
    themes = {t.slug: t for t in codebook_for(workspace)}
    guide = program.guide_versions.filter(status="approved").first() or make_guide(
        program, ["What mattered most when you compared the options?"], approved=True
    )
    draw = program.draws.filter(discarded_at__isnull=True).first() or SampleDraw.objects.create(
        workspace=workspace, program=program, size=len(rows), allocation="proportional", seed=1
    )
    n = next(_seq)
    account = Account.objects.create(workspace=workspace, name=f"Planted {n}")
    deals = Deal.objects.bulk_create(
        Deal(
            workspace=workspace,
            crm_id=f"P{n}-{i}",
            account=account,
            name=f"Planted deal {n}-{i}",
            outcome=row["outcome"],
            amount=Decimal(1000),
            close_date=(close := program.window_start or dt.date(2025, 1, 15)),
            created_date=close - dt.timedelta(days=row["cycle"]) if "cycle" in row else None,
            region=row.get("region", "East"),
            industry=row.get("industry", ""),
            tier=row.get("tier", ""),
            primary_competitor=row.get("rival"),
            owner_name=row.get("owner", "Rita Rep"),
            owner_team=row.get("team", "Team A"),
        )
        for i, row in enumerate(rows)
    )
    for deal, row in zip(deals, rows, strict=True):
        if row.get("met"):
            deal.competitors.set(row["met"])
    entries = SampleEntry.objects.bulk_create(
        SampleEntry(
            workspace=workspace,
            program=program,
            draw=draw,
            deal=deal,
            outcome=deal.outcome,
            status="interviewed",
            source="drawn",
            reason="planted",
        )
        for deal in deals
    )
    # Every voice of a deal: the row itself first, then its further voices.
    heard = [
        (entry, voice)
        for entry, row in zip(entries, rows, strict=True)
        for voice in [row, *row.get("voices", [])]
    ]
    # A deal heard from several people has an appointment per voice.
    several = {e.pk for e, row in zip(entries, rows, strict=True) if row.get("voices")}
    appointments = Appointment.objects.bulk_create(
        Appointment(
            workspace=workspace,
            program=program,
            entry=entry,
            respondent_role=voice.get("role", ""),
            status="completed",
        )
        for entry, voice in heard
        if entry.pk in several
    )
    booked = iter(appointments)
    interviews = Interview.objects.bulk_create(
        Interview(
            workspace=workspace,
            program=program,
            entry=entry,
            appointment=next(booked) if entry.pk in several else None,
            guide_version=guide,
            respondent_role=voice.get("role", ""),
            status=InterviewStatus.COMPLETED,
        )
        for entry, voice in heard
    )
    notes = Note.objects.bulk_create(
        Note(interview=interview, kind="fact", text="What the buyer said about the decision.")
        for interview in interviews
    )
    Validation.objects.bulk_create(
        Validation(
            interview=interview,
            status=ValidationStatus.SIGNED_OFF
            if row.get("validated", True)
            else ValidationStatus.PENDING,
        )
        for interview, (_entry, row) in zip(interviews, heard, strict=True)
    )
    RepDebrief.objects.bulk_create(
        RepDebrief(entry=entry, main_reason=row["rep_reason"])
        for entry, row in zip(entries, rows, strict=True)
        if row.get("rep_reason")
    )
    CodedExcerpt.objects.bulk_create(
        CodedExcerpt(
            workspace=workspace,
            program=program,
            interview=interview,
            note=note,
            start=0,
            end=4,
            text="What",
            theme=themes[code[0]],
            direction=code[1],
            competitor=code[2] if len(code) > 2 else None,
        )
        for interview, note, (_entry, row) in zip(interviews, notes, heard, strict=True)
        for code in row.get("codes", [])
    )
    refresh_summary(i.pk for i in interviews)  # bulk_create skips the coding services
    return interviews


def lost(**extra) -> dict:
    return {"outcome": Outcome.LOST, **extra}


def won(**extra) -> dict:
    return {"outcome": Outcome.WON, **extra}


PRICE = ("pricing_commercial", "loss_driver")
FIT = ("product_fit", "win_driver")
RISK = ("implementation_risk", "loss_driver")


def plant_north_south(program) -> list[Interview]:
    """North: 40 lost, 10 won; South: 10 lost, 40 won. Pricing is cited in exactly half of
    the lost interviews of both and product fit in exactly half of the won ones of both, so
    neither region differs from the other: no cut may be flagged."""
    rows = []
    for region, lost_n, won_n in (("North", 40, 10), ("South", 10, 40)):
        rows += [lost(region=region, codes=[PRICE] if i % 2 else []) for i in range(lost_n)]
        rows += [won(region=region, codes=[FIT] if i % 2 else []) for i in range(won_n)]
    return plant(program, rows)


def plant_healthcare(program) -> list[Interview]:
    """A real difference: implementation risk in 16 of 20 lost Healthcare interviews against
    4 of 30 lost interviews elsewhere (with 10 won in each industry, citing nothing)."""
    rows = [lost(industry="Healthcare", codes=[RISK] if i < 16 else []) for i in range(20)]
    rows += [lost(industry="Retail", codes=[RISK] if i < 4 else []) for i in range(30)]
    rows += [won(industry=name) for name in ("Healthcare", "Retail") for _ in range(10)]
    return plant(program, rows)
