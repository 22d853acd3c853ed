import pytest

from winloss.accounts.roles import Role
from winloss.guides.models import Section
from winloss.outreach.services import ConsentAnswers, begin_appointment, record_consent
from winloss.programs.sampling.services import DrawSettings, draw_sample
from winloss.testing import (
    make_account,
    make_competitor,
    make_contact,
    make_deal,
    make_guide,
    make_member,
    make_program,
)

QUESTIONS = [
    "How did your team decide which vendors to evaluate?",
    "What mattered most when you compared the options?",
    (Section.WON, "What made you confident enough to sign?"),
    (Section.LOST, "What did the vendor you chose do that we did not?"),
]
ALLOWED = ConsentAnswers(
    notes_allowed=True,
    recording_allowed=False,
    transcription_allowed=False,
    attribution="anonymous",
)


@pytest.fixture
def interviewer(workspace):
    return make_member(workspace, Role.INTERVIEWER, name="Iris Interviewer")


@pytest.fixture
def program(workspace):
    program = make_program(workspace, name="Q1 wins and losses")
    competitor = make_competitor(workspace, name="Vector Solutions")
    competitor.aliases.create(workspace=workspace, alias="VectorSol")
    return program


@pytest.fixture
def guide(program):
    return make_guide(program, QUESTIONS, approved=True)


@pytest.fixture
def entry(program, workspace, interviewer):
    account = make_account(workspace)
    deal = make_deal(workspace, account=account, rep_stated_reason="They loved our price")
    deal.contacts.add(make_contact(workspace, account=account, email="buyer@buyer.example"))
    draw = draw_sample(program, settings=DrawSettings(size=1, seed=1))
    return draw.entries.get()


@pytest.fixture
def consented(entry):
    record_consent(begin_appointment(entry), ALLOWED, given_by="The buyer")
    return entry


# A transcript is made from the recording: consent to one needs consent to the other.
TRANSCRIBED = ConsentAnswers(
    notes_allowed=True,
    recording_allowed=True,
    transcription_allowed=True,
    attribution="anonymous",
)


@pytest.fixture
def transcription_consented(entry):
    """An entry whose respondent allowed the call to be recorded and transcribed."""
    record_consent(begin_appointment(entry), TRANSCRIBED, given_by="The buyer")
    return entry
