"""The permission matrix, for fields: every history and log page a role can open shows it no
value that the record's own pages keep from it (``accounts.visibility``, one rule set).

Each secret below is written once through the services that log it; then every role opens
every history page it may, and reads exactly the secrets its role is allowed.
"""

import pytest

from winloss.accounts.roles import Role
from winloss.activity.services import log_action
from winloss.deals import services as deals
from winloss.testing import make_deal, make_program

ADMIN, OWNER, ANALYST = Role.ADMIN, Role.OWNER, Role.ANALYST
COORDINATOR, INTERVIEWER = Role.COORDINATOR, Role.INTERVIEWER
REVIEWER, STAKEHOLDER = Role.REVIEWER, Role.STAKEHOLDER
EVIDENCE = frozenset({ADMIN, OWNER, ANALYST, COORDINATOR, INTERVIEWER, REVIEWER})

# {secret: roles that may read it}
FIELDS_IN_HISTORY = {
    "Ripcord reason then": EVIDENCE - {INTERVIEWER},  # the rep's stated reason, old value
    "Ripcord reason now": EVIDENCE - {INTERVIEWER},  # and new
    "rita.rep@acme.example": frozenset({ADMIN, OWNER, ANALYST}),  # the deal owner's email
    "Zephyr Holdings renewal": EVIDENCE,  # a deal's name
    "Budget frozen until Q3": EVIDENCE,  # a decline reason
    "Rosa Respondent": EVIDENCE,  # a respondent, acting through their link
    "Quote 2 is not verbatim": EVIDENCE,  # a reviewer's comments
}

# The history pages, by the roles that open them (the route matrix has the same rows).
PAGES = {
    "deal": EVIDENCE,
    "workspace activity": EVIDENCE,
    "program log": frozenset(Role),
}


@pytest.fixture
def world(workspace, people):
    deal = make_deal(
        workspace, name="Zephyr Holdings renewal", rep_stated_reason="Ripcord reason then"
    )
    deals.update_deal(
        deal,
        user=people[ANALYST],
        expected_version=deal.version,
        rep_stated_reason="Ripcord reason now",
        owner_email="rita.rep@acme.example",
        amount=12345,
    )
    program = make_program(workspace)
    # The values these services log, as they log them (sampling, outreach, validation).
    log_action(
        program,
        "sample.declined",
        user=people[COORDINATOR],
        data={"deal": deal.name, "reason": "Budget frozen until Q3"},
    )
    log_action(
        program,
        "outreach.declined",
        actor="Rosa Respondent (respondent)",
        data={"deal": deal.name, "reason": "Budget frozen until Q3"},
    )
    log_action(
        program,
        "interview.returned",
        user=people[REVIEWER],
        data={"deal": deal.name, "comments": "Quote 2 is not verbatim"},
    )
    log_action(
        program,
        "sample.drawn",
        user=people[ANALYST],
        data={"size": 12, "allocation": "proportional", "seed": 7, "eligible": 40},
    )
    return {
        "deal": f"/w/{workspace.slug}/history/deal/{deal.pk}/",
        "workspace activity": f"/w/{workspace.slug}/history/",
        "program log": f"/w/{workspace.slug}/programs/{program.pk}/log/",
    }


@pytest.mark.parametrize("role", list(Role))
def test_history_pages_show_each_role_only_the_fields_it_may_read(client_for, people, world, role):
    client = client_for(people[role])
    problems = []
    for name, url in world.items():
        if role not in PAGES[name]:
            assert client.get(url).status_code == 403, f"{name} opened for {role}"
            continue
        response = client.get(url)
        assert response.status_code == 200, name
        page = response.content.decode()
        for secret, readers in FIELDS_IN_HISTORY.items():
            if secret in page and role not in readers:
                problems.append(f"{name} shows “{secret}” to {role}")
        # The log stays readable: what happened is there, whoever reads it.
        if name == "program log":
            assert "drew a sample of 12 deals" in page
            assert "declined" in page and "returned the interview" in page
    assert not problems, problems


def test_those_who_may_read_the_evidence_read_all_of_it(client_for, people, world):
    pages = "".join(client_for(people[ANALYST]).get(url).content.decode() for url in world.values())
    assert [s for s in FIELDS_IN_HISTORY if s not in pages] == []
