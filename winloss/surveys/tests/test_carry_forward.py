"""A new wave's survey starts as a draft copy of the last approved one, as its guide does."""

import datetime as dt

from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.programs.waves import start_next_wave
from winloss.surveys.models import SurveyStatus
from winloss.testing import make_program, make_survey


def _monthly(workspace, **overrides):
    return make_program(
        workspace, cadence="monthly", window_start=dt.date(2025, 5, 1),
        window_end=dt.date(2025, 5, 31), **overrides,
    )  # fmt: skip


def test_the_next_wave_starts_from_the_approved_survey_with_its_factors(workspace, people):
    first = _monthly(workspace, name="Buyers — wave of May 2025")
    approved = make_survey(first, ["What else should we know?"], factors=4, approved=True)
    make_survey(first, ["A later draft, never approved"])
    wave = start_next_wave(first, user=people["owner"])
    survey = wave.surveys.get()
    assert (survey.status, survey.number, survey.based_on) == (SurveyStatus.DRAFT, 1, approved)
    assert [q.text for q in survey.questions.all()] == ["What else should we know?"]
    assert list(survey.factors.values_list("theme", flat=True)) == list(
        approved.factors.values_list("theme", flat=True)
    )
    entry = LogEntry.objects.for_object(wave).get(action="survey.carried_forward")
    assert "as a draft copy of version 1 of “Buyers — wave of May 2025”" in describe(entry)


def test_a_wave_after_one_without_an_approved_survey_starts_without_one(workspace, people):
    first = _monthly(workspace, name="Buyers")
    make_survey(first, ["Only a draft"])
    assert not start_next_wave(first, user=people["owner"]).surveys.exists()
