"""Program health with planted surveys, interviews and offers: known rates come back exactly,
the lift shows only when people were invited both with and without an offer, and the page
asks the database as many questions for three times the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from winloss.deals.models import Outcome
from winloss.honoraria.health import interview_arms, lift_section, survey_arms
from winloss.honoraria.models import Offer
from winloss.lib.stats import wilson_interval
from winloss.outreach.models import AppointmentStatus
from winloss.surveys.health import deals_heard, survey_health, survey_response_by_outcome
from winloss.surveys.models import ResponseSource, ResponseStatus
from winloss.testing import make_interview, make_program

from .builders import answer, offer_on, voice

C, D, I, S = (  # noqa: E741
    ResponseStatus.COMPLETED,
    ResponseStatus.DECLINED,
    ResponseStatus.INVITED,
    ResponseStatus.STARTED,
)


@pytest.fixture
def program(workspace):
    return make_program(workspace, name="Q1 losses")


def plant_surveys(program, times: int = 1) -> None:
    """Lost: 10 invited, 4 completed, 3 declined, 3 silent (one started); won: 5 invited,
    3 completed; 2 imported responses that no rate counts."""
    for _ in range(times):
        for status in [C] * 4 + [D] * 3 + [I, I, S]:
            answer(program, invited=1, status=status, outcome=Outcome.LOST)
        for status in [C] * 3 + [I, D]:
            answer(program, invited=1, status=status, outcome=Outcome.WON)
        for _ in range(2):
            answer(program, invited=None, source=ResponseSource.IMPORTED)


def test_survey_response_rate_by_outcome_counts_declines_and_silence(program):
    plant_surveys(program)
    rates, imported = survey_response_by_outcome(program)
    figures = {r.label: (r.invited, r.completed, r.declined, r.no_answer, r.rate) for r in rates}
    assert figures == {"Lost to competitor": (10, 4, 3, 3, 0.4), "Won": (5, 3, 1, 1, 0.6)}
    assert imported == 2


def test_deals_heard_by_interview_by_survey_and_by_either(program):
    heard_both = make_interview(program, validated=True)  # also surveyed below
    make_interview(program, validated=True)
    make_interview(program, validated=False)  # not validated: not heard by interview
    answer(program, invited=1, deal=heard_both.entry.deal)
    answer(program, invited=1)  # heard by survey only
    answer(program, invited=1, status=D)  # declined: not heard
    heard = deals_heard(program)
    # 3 interviews' deals + 2 surveys' own deals = 5 closed deals in scope
    assert (heard.closed, heard.by_interview, heard.by_survey, heard.by_either) == (5, 2, 2, 3)
    section = survey_health(program)
    shares = {row[0]: row[1] for row in section.tables[-1].rows}
    assert shares == {
        "A validated interview": "2 of 5 (40%)",
        "A completed survey": "2 of 5 (40%)",
        "Either": "3 of 5 (60%)",
    }


def plant_lift(program, times: int = 1) -> None:
    """Interviews: 10 invited before any offer, 2 heard; 8 invited under a USD 50 gift card,
    6 heard. Surveys: 4 invited under the offer, 1 completed, none without."""
    for _ in range(times):
        for n in range(10):
            status = AppointmentStatus.COMPLETED if n < 2 else AppointmentStatus.INVITED
            voice(program, invited=1, status=status)
    if not Offer.objects.filter(program=program).exists():
        offer_on(program, 5)
    for _ in range(times):
        for n in range(8):
            status = AppointmentStatus.COMPLETED if n < 6 else AppointmentStatus.DECLINED
            voice(program, invited=6, status=status)
        for status in [C, I, I, D]:
            answer(program, invited=6, status=status)


def test_the_lift_compares_the_arms_and_says_why_a_channel_has_none(program):
    plant_lift(program)
    offers = {o.pk: o for o in Offer.objects.filter(program=program)}
    arms = {a.offer: (a.invited, a.responded, a.rate) for a in interview_arms(program, offers)}
    assert arms == {"No honorarium": (10, 2, 0.2), "Gift card, USD 50": (8, 6, 0.75)}
    assert [(a.offer, a.invited) for a in survey_arms(program, offers)] == [
        ("Gift card, USD 50", 4)
    ]
    section = lift_section(program)
    assert [t.caption for t in section.tables] == ["Interviews: response rate by offer"]
    low, high = wilson_interval(6, 8)
    assert section.tables[0].rows[1] == [
        "Gift card, USD 50", "8", "6", "75%", f"{low * 100:.0f}%–{high * 100:.0f}%"
    ]  # fmt: skip
    assert any(
        n.startswith("Surveys: every respondent was invited with an offer") for n in section.notes
    )


def test_no_lift_when_everyone_was_invited_under_the_offer(program):
    offer_on(program, 0)
    for _ in range(3):
        voice(program, invited=2)
    section = lift_section(program)
    assert section.tables == []
    assert section.notes[0].startswith("Interviews: every respondent was invited with an offer")


def test_no_honoraria_section_for_a_program_that_never_offered_one(program):
    voice(program, invited=1)
    assert lift_section(program) is None


def _page_queries(client, url) -> tuple[int, str]:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.django_db
def test_the_health_and_honoraria_pages_ask_as_many_queries_for_three_times_the_data(
    program, people, client_for, django_assert_max_num_queries
):
    client = client_for(people["owner"])
    kwargs = {"ws": program.workspace.slug, "program_id": program.pk}
    health, page = (
        reverse("programs:health", kwargs=kwargs),
        reverse("honoraria:program", kwargs=kwargs),
    )
    plant_surveys(program)
    plant_lift(program)
    small = _page_queries(client, health)[0], _page_queries(client, page)[0]
    plant_surveys(program, times=2)
    plant_lift(program, times=2)
    (health_n, text), (page_n, _) = _page_queries(client, health), _page_queries(client, page)
    assert (health_n, page_n) == small
    with django_assert_max_num_queries(60):
        client.get(health)
    assert "Survey response rate by outcome" in text
    assert "Interviews: response rate by offer" in text
    # The planted surveys were sent both before the offer and after it: both arms.
    assert "Surveys: response rate by offer" in text
    assert "A completed survey" in text and "Either" in text


def test_time_to_finish_is_measured_from_consent_to_the_last_answer(program):
    """The builder estimates; health measures: the median and the share within 5 minutes,
    over surveys completed on our page only."""
    import datetime as dt

    from winloss.surveys.health import time_to_finish

    assert time_to_finish(program) is None
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    for minutes in (3, 4, 6, 1440):  # the last came back the next day
        response = answer(program, invited=1)
        response.started_at = start
        response.completed_at = start + dt.timedelta(minutes=minutes)
        response.save()
    answer(program, invited=None, source=ResponseSource.IMPORTED)  # answered elsewhere
    answer(program, invited=1, status=S)  # started, not finished
    timing = time_to_finish(program)
    assert (timing.timed, timing.within, timing.median) == (4, 2, dt.timedelta(minutes=5))
    table = next(t for t in survey_health(program).tables if t.caption.startswith("Time to"))
    assert table.rows == [
        ["Median time", "5 min 00 s (of 4)"],
        ["Finished within 5 minutes", "2 of 4 (50%)"],
    ]
