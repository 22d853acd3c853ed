"""Recurring programs: a monthly or quarterly program starts its next wave with the same scope
moved on to the next window (SOP FAQ: "run them on a recurring cadence ... so the sample stays
fresh")."""

import datetime as dt
import re

from dateutil.relativedelta import relativedelta
from django.db import transaction

from .models import Cadence, Program, ProgramStatus
from .services import ProgramError, create_program
from .signals import wave_started

STEP: dict[str, relativedelta] = {
    Cadence.MONTHLY: relativedelta(months=1),
    Cadence.QUARTERLY: relativedelta(months=3),
}
# Everything in the scope carries over except what makes a wave this wave.
COPIED = tuple(
    f for f in Program.SCOPE_FIELDS if f not in {"name", "window_start", "window_end", "status"}
)


def next_window(program: Program) -> tuple[dt.date, dt.date]:
    """The window one cadence step later; a window that ends on a month's last day keeps doing
    so (31 Mar → 30 Jun), so quarters and months stay whole."""
    if program.cadence not in STEP:
        raise ProgramError("Only monthly and quarterly programs have a next wave.")
    if not (program.window_start and program.window_end):
        raise ProgramError("Set this wave's time window first: the next one follows it.")
    step = STEP[program.cadence]
    start = program.window_start + step
    end = program.window_end + step
    if (program.window_end + dt.timedelta(days=1)).day == 1:  # ended on a month's last day
        end = (end + relativedelta(day=1, months=1)) - dt.timedelta(days=1)
    return start, end


def window_label(start: dt.date, cadence: str) -> str:
    if cadence == Cadence.QUARTERLY:
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    return f"{start:%b %Y}"


def next_wave_name(program: Program, start: dt.date) -> str:
    if program.window_start is None:
        raise ProgramError("Set this wave's time window first: the next one follows it.")
    old = window_label(program.window_start, program.cadence)
    new = window_label(start, program.cadence)
    if old in program.name:
        return program.name.replace(old, new)
    base = re.sub(r"\s+—\s+wave of .*$", "", program.name)
    return f"{base} — wave of {new}"


@transaction.atomic
def start_next_wave(program: Program, *, user) -> Program:
    """Create the next wave: same scope, next window, linked to this one, logged; the guide
    stage carries the guide over (``signals.wave_started``)."""
    existing = program.next_waves.first()
    if existing:
        raise ProgramError(f"The next wave already exists: “{existing}”.")
    start, end = next_window(program)
    wave = create_program(
        workspace=program.workspace,
        user=user,
        name=next_wave_name(program, start),
        window_start=start,
        window_end=end,
        status=ProgramStatus.DRAFT,
        previous_wave=program,
        **{name: getattr(program, name) for name in COPIED},
    )
    wave_started.send(sender=Program, previous=program, wave=wave, user=user)
    return wave
