"""Opening a page changes nothing: every GET route, walked from the URL resolver, leaves the
number of rows of every table as it was.

Rows begin at the SOP step where the thing they hold begins (the report's draft when someone
first writes it, an appointment when its respondent is first approached), never because a
page was looked at. The walk goes over two programs: the permission matrix's, where every step
has something in it, and a wave that has only just been sampled, where nothing has begun.
"""

import pytest
from django.apps import apps
from django.test import Client

from winloss.accounts.roles import Role
from winloss.accounts.tests.test_permission_matrix import (
    API_ROUTES,
    API_WRITES,
    ROUTES,
    _fill,
    project_routes,
)

# Fixtures, named again so that they count as used.
from winloss.accounts.tests.world import outsider as outsider
from winloss.accounts.tests.world import people as people
from winloss.accounts.tests.world import shared_world as shared_world
from winloss.accounts.tests.world import signed_in as signed_in
from winloss.accounts.tests.world import workspace as workspace
from winloss.accounts.tests.world import world as world
from winloss.testing import make_account, make_contact, make_deal, make_entry, make_program

# Who opens each page: the first role, in this order, that may open it (the admin but for
# pages that are one role's own).
ORDER = [
    Role.ADMIN,
    Role.OWNER,
    Role.ANALYST,
    Role.COORDINATOR,
    Role.INTERVIEWER,
    Role.REVIEWER,
    Role.STAKEHOLDER,
]


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def _changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {
        label: (before[label], after[label]) for label in before if before[label] != after[label]
    }


@pytest.fixture
def new_wave(world, workspace, people):
    """A program whose sample was just drawn: one selected deal, with a contact and an
    interviewer, that nobody has approached yet; no report written."""
    from winloss.programs.models import EntryStatus

    program = make_program(workspace, owner=people[Role.OWNER])
    account = make_account(workspace)
    contact = make_contact(workspace, account=account, email="buyer@customer.example")
    deal = make_deal(workspace, account=account)
    deal.contacts.add(contact)
    entry = make_entry(
        program,
        deal,
        contact=contact,
        interviewer=people[Role.INTERVIEWER],
        status=EntryStatus.SELECTED,
    )
    return {**world, "program": program.pk, "program_id": program.pk, "entry": entry.pk}


def _get_routes():
    return [r for r in project_routes() if r.name in ROUTES and ROUTES[r.name].method == "GET"]


@pytest.mark.parametrize("route", _get_routes(), ids=lambda r: r.name)
def test_opening_a_page_writes_no_row(route, world, new_wave, people, signed_in):
    role = next(r for r in ORDER if r in ROUTES[route.name].roles)
    client = signed_in(people[role])
    for values in (world, new_wave):
        before = _row_counts()
        client.get(_fill(route.pattern, values))
        changed = _changed(before, _row_counts())
        where = "the sampled wave" if values is new_wave else "the program under way"
        assert not changed, f"{route.name} on {where}, opened by the {role}, wrote rows: {changed}"


@pytest.mark.parametrize(
    "route",
    [r for r in project_routes() if r.name in API_ROUTES and r.name not in API_WRITES],
    ids=lambda r: r.name,
)
def test_reading_the_api_writes_no_row(route, world, new_wave, people):
    from winloss.accounts.tokens import create_token

    admin = people[Role.ADMIN]
    _, raw = create_token(user=admin, workspace=admin.memberships.get().workspace, name="t")
    for values in (world, new_wave):
        before = _row_counts()
        response = Client().get(_fill(route.pattern, values), HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 200, route.name
        assert not _changed(before, _row_counts()), route.name


def test_the_respondents_page_writes_no_row(world):
    """The buyer's own page, opened from the invitation: it shows the consent texts in their
    built-in wording without saving them."""
    from winloss.outreach import links
    from winloss.outreach.models import LinkPurpose
    from winloss.outreach.services import begin_appointment
    from winloss.programs.models import SampleEntry

    entry = SampleEntry.objects.get(pk=world["entry_id"])
    link = links.new_link(begin_appointment(entry), LinkPurpose.SCHEDULE)
    before = _row_counts()
    response = Client().get(links.url_for(link))
    assert response.status_code == 200
    assert not _changed(before, _row_counts())
