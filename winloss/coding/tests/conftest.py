import pytest

from winloss.accounts.roles import Role
from winloss.testing import make_interview, make_program

LOSS_NOTES = [
    "Your rep told us it supported SSO, it did not.",
    "Their quote came in thirty percent lower than yours for the same scope.",
]


@pytest.fixture
def program(workspace):
    return make_program(workspace, name="Q3 enterprise losses")


@pytest.fixture
def analyst(people):
    return people[Role.ANALYST]


@pytest.fixture
def interview(program):
    return make_interview(program, LOSS_NOTES)


@pytest.fixture
def coding_url(interview):
    return f"/w/{interview.workspace.slug}/programs/{interview.program_id}/code/{interview.pk}/"
