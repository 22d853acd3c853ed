"""Every route of the project, walked from the URL resolver, against every kind of visitor.

The expected access is written out here by hand, role by role — not derived from the role
table the views use — so a view that loses its access check, or a role table that drifts,
fails this test and the failure names the route. A new route with no row here fails too.
"""

import re
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from winloss.accounts.roles import Role
from winloss.testing import (
    make_account,
    make_competitor,
    make_deal,
    make_member,
    make_program,
    make_workspace,
)

A, O, AN, C, I, RV, S = (
    Role.ADMIN,
    Role.OWNER,
    Role.ANALYST,
    Role.COORDINATOR,
    Role.INTERVIEWER,
    Role.REVIEWER,
    Role.STAKEHOLDER,
)
EVERYONE = frozenset(Role)
EVIDENCE = EVERYONE - {S}  # what happens before publication stays with the program team
SCOPE_EDITORS = frozenset({A, O})
DEAL_EDITORS = frozenset({A, O, AN})
ADMINS = frozenset({A})


@dataclass(frozen=True)
class Access:
    roles: frozenset
    method: str = "GET"
    # What an allowed person gets: 200 for pages; POST-only actions answer with a redirect or
    # a form error, never 403/404.
    allowed_status: frozenset = field(default=frozenset({200}))


PAGE = Access
POST_ACTION = frozenset({200, 302, 400})

# Routes anyone may open, logged in or not.
PUBLIC = {
    "healthz",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:invitation",
    "api:openapi-json",
    "api:openapi-view",
}
# Routes for any logged-in person, outside any workspace.
PERSONAL = {"home", "accounts:profile", "accounts:password_change", "accounts:password_change_done"}

ROUTES: dict[str, Access] = {
    "workspace_home": PAGE(EVERYONE, allowed_status=frozenset({302})),
    "programs:list": PAGE(EVERYONE),
    "programs:new": PAGE(SCOPE_EDITORS),
    "programs:overview": PAGE(EVERYONE),
    "programs:scope": PAGE(EVERYONE),
    "programs:scope_edit": PAGE(SCOPE_EDITORS),
    "programs:log": PAGE(EVERYONE),
    "programs:sample": PAGE(EVIDENCE),
    "guides:guide": PAGE(EVIDENCE),
    "outreach:schedule": PAGE(EVIDENCE),
    "interviews:list": PAGE(EVIDENCE),
    "interviews:validate": PAGE(EVIDENCE),
    "coding:code": PAGE(EVIDENCE),
    "analysis:analyse": PAGE(EVIDENCE),
    "escalations:list": PAGE(EVIDENCE),
    "reports:report": PAGE(EVERYONE),
    "actions:list": PAGE(EVERYONE),
    "deals:list": PAGE(EVIDENCE),
    "deals:detail": PAGE(EVIDENCE),
    "deals:edit": PAGE(DEAL_EDITORS),
    "deals:account": PAGE(EVIDENCE),
    "deals:competitors": PAGE(EVIDENCE),
    "deals:competitor_new": PAGE(DEAL_EDITORS),
    "deals:competitor_edit": PAGE(DEAL_EDITORS),
    "activity:workspace": PAGE(EVIDENCE),
    "activity:object": PAGE(EVIDENCE),
    "jobs:detail": PAGE(EVERYONE),
}


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    kwargs: tuple[str, ...]


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            name = f"{namespace}{entry.name}" if entry.name else f"(unnamed) {pattern}"
            yield Route(name, pattern, tuple(entry.pattern.converters))


def project_routes() -> list[Route]:
    """Every route a person can reach, except Django's own admin (tested separately)."""
    return [
        r
        for r in _walk(get_resolver().url_patterns)
        if not r.name.startswith("admin:") and not r.pattern.startswith(("admin/", "static/"))
    ]


def test_every_route_has_an_expected_access_row():
    missing = [
        f"{r.name} ({r.pattern})"
        for r in project_routes()
        if r.name not in ROUTES
        and r.name not in PUBLIC
        and r.name not in PERSONAL
        and not r.name.startswith("api:")
    ]
    assert not missing, (
        "These routes have no row in the permission matrix; add one saying who may use them: "
        + ", ".join(missing)
    )


def test_every_row_names_a_real_route():
    names = {r.name for r in project_routes()}
    assert not (set(ROUTES) - names), f"Rows for routes that no longer exist: {set(ROUTES) - names}"


@pytest.fixture
def world(workspace, people, outsider):
    """One of each object a route can point at, all inside ``workspace``."""
    from winloss.jobs.models import Job

    program = make_program(workspace, owner=people[O])
    account = make_account(workspace)
    deal = make_deal(workspace, account=account)
    return {
        "ws": workspace.slug,
        "program": program.pk,
        "deal": deal.pk,
        "account": account.pk,
        "competitor": make_competitor(workspace).pk,
        "job": Job.objects.create(workspace=workspace, label="Test job").pk,
        "kind": "deal",
        "pk": deal.pk,
    }


def _fill(pattern: str, values: dict) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), pattern)


def _workspace_routes() -> list[Route]:
    return [r for r in project_routes() if r.name in ROUTES]


@pytest.mark.parametrize("route", _workspace_routes(), ids=lambda r: r.name)
def test_route_admits_exactly_the_roles_it_should(route, world, people, outsider):
    access = ROUTES[route.name]
    unknown = [k for k in route.kwargs if k not in world]
    assert not unknown, f"{route.name}: add a test value for URL argument(s) {unknown} to `world`"
    url = _fill(route.pattern, world)
    send = "get" if access.method == "GET" else "post"

    anonymous = getattr(Client(), send)(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"], (
        f"{route.name}: anonymous visitor got {anonymous.status_code}, expected the login page"
    )

    stranger = Client()
    stranger.force_login(outsider)
    status = getattr(stranger, send)(url).status_code
    assert status == 404, f"{route.name}: a member of another workspace got {status}, not 404"

    # An admin of another workspace, asking for this workspace's objects under their own
    # workspace's address: catches a view that fetches an object without scoping it.
    if set(route.kwargs) - {"ws"}:
        foreign_admin = make_member(make_workspace(slug="initech"), Role.ADMIN)
        client = Client()
        client.force_login(foreign_admin)
        status = getattr(client, send)(_fill(route.pattern, {**world, "ws": "initech"})).status_code
        assert status == 404, (
            f"{route.name}: another workspace's admin reached this workspace's object ({status})"
        )

    problems = []
    for role, user in people.items():
        client = Client()
        client.force_login(user)
        status = getattr(client, send)(url).status_code
        allowed = role in access.roles
        if allowed and status not in access.allowed_status:
            problems.append(f"{role} got {status} but may use it")
        if not allowed and status != 403:
            problems.append(f"{role} got {status}, expected 403")
    assert not problems, f"{route.name}: " + "; ".join(problems)


def test_personal_pages_need_a_login_but_no_workspace(db):
    user = make_member(make_workspace(), Role.STAKEHOLDER)
    for route in project_routes():
        if route.name not in PERSONAL:
            continue
        url = _fill(route.pattern, {})
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], (
            route.name
        )
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code in (200, 302), route.name


def test_django_admin_is_for_staff_only(people):
    for user in people.values():
        client = Client()
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
