import datetime as dt

import pytest

from winloss.accounts.roles import Role
from winloss.activity.models import LogEntry
from winloss.programs.models import Program
from winloss.programs.services import ProgramError
from winloss.programs.waves import next_window, start_next_wave
from winloss.testing import make_program


@pytest.mark.parametrize(
    ("cadence", "start", "end", "expected"),
    [
        (
            "quarterly",
            dt.date(2017, 10, 1),
            dt.date(2017, 12, 31),
            (dt.date(2018, 1, 1), dt.date(2018, 3, 31)),
        ),
        (
            "quarterly",
            dt.date(2025, 1, 1),
            dt.date(2025, 3, 31),
            (dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        ),
        (
            "monthly",
            dt.date(2024, 1, 1),
            dt.date(2024, 1, 31),
            (dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ),
        (
            "monthly",
            dt.date(2024, 1, 15),
            dt.date(2024, 2, 14),
            (dt.date(2024, 2, 15), dt.date(2024, 3, 14)),
        ),
    ],
)
def test_the_next_window_follows_on_by_one_cadence_step(workspace, cadence, start, end, expected):
    program = make_program(workspace, cadence=cadence, window_start=start, window_end=end)
    assert next_window(program) == expected


def test_a_quarterly_program_starts_its_next_wave_with_the_same_scope(workspace, people):
    program = make_program(
        workspace,
        name="Q4 2017 wins and losses",
        cadence="quarterly",
        regions=["East"],
        window_start=dt.date(2017, 10, 1),
        window_end=dt.date(2017, 12, 31),
        status="active",
        owner=people[Role.OWNER],
    )
    wave = start_next_wave(program, user=people[Role.OWNER])
    assert wave.name == "Q1 2018 wins and losses"
    assert (wave.window_start, wave.window_end) == (dt.date(2018, 1, 1), dt.date(2018, 3, 31))
    assert wave.regions == ["East"] and wave.deal_types == program.deal_types
    assert wave.previous_wave == program and wave.status == "draft"
    assert LogEntry.objects.for_object(wave).filter(action="program.created").exists()
    with pytest.raises(ProgramError, match="already exists"):
        start_next_wave(program, user=people[Role.OWNER])


def test_a_one_off_program_has_no_next_wave(workspace, people):
    with pytest.raises(ProgramError, match="monthly and quarterly"):
        start_next_wave(make_program(workspace, cadence="once"), user=people[Role.OWNER])


def test_the_owner_starts_the_next_wave_from_the_scope_page(workspace, people, client_for):
    program = make_program(
        workspace,
        name="Pipeline review",
        cadence="monthly",
        window_start=dt.date(2025, 5, 1),
        window_end=dt.date(2025, 5, 31),
    )
    client = client_for(people[Role.OWNER])
    assert (
        "Start the next wave"
        in client.get(f"/w/acme/programs/{program.pk}/scope/").content.decode()
    )
    client.post(f"/w/acme/programs/{program.pk}/next-wave/")
    wave = Program.objects.get(previous_wave=program)
    assert wave.name == "Pipeline review — wave of Jun 2025"
