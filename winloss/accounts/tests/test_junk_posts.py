"""No input makes a 500: junk in every form field of every POST route gets a readable answer.

The field names are every form field the project declares and every ``name=`` its templates
write, so a new form is covered without a row here. Hypothesis draws the junk: text of any
alphabet, numbers too large for a database, dates that do not exist, blanks, control
characters. Run as a workspace admin, who may use every route.
"""

import importlib
import re
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from winloss.accounts.roles import Role
from winloss.accounts.tests.test_permission_matrix import (
    PERSONAL,
    _fill,
    _workspace_routes,
    project_routes,
)

# Fixtures, named again so that they count as used.
from winloss.accounts.tests.world import outsider as outsider
from winloss.accounts.tests.world import people as people
from winloss.accounts.tests.world import shared_world as shared_world
from winloss.accounts.tests.world import signed_in as signed_in
from winloss.accounts.tests.world import workspace as workspace
from winloss.accounts.tests.world import world as world

ROOT = Path(__file__).resolve().parents[2]


def _form_fields() -> set[str]:
    # Every forms module, a stage's own or a sub-package's (interviews/review/forms.py).
    for config in apps.get_app_configs():
        if config.name.startswith("winloss."):
            for path in Path(config.path).rglob("forms.py"):
                parts = path.relative_to(Path(config.path)).with_suffix("").parts
                importlib.import_module(".".join((config.name, *parts)))
    names: set[str] = set()
    pending = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("winloss."):
            names.update(getattr(cls, "base_fields", {}))
    return names


def _template_fields() -> set[str]:
    names: set[str] = set()
    for template in ROOT.glob("**/templates/**/*.html"):
        names.update(re.findall(r'\bname="([A-Za-z_][\w-]*)"', template.read_text()))
    return names


FIELDS = sorted((_form_fields() | _template_fields()) - {"csrfmiddlewaretoken"})
JUNK = st.one_of(
    st.text(max_size=40),
    st.integers().map(str),
    st.sampled_from(
        [
            "", " ", "abc", "-1", "0", "1.5", "1e309", "NaN", "99999999999999999999999",
            "2025-13-45", "0000-00-00", "31/02/2025", "\x00", "１２", "²", "true", "None",
            "[]", "{}", "'; DROP TABLE deals; --", "<script>alert(1)</script>", "é" * 500,
        ]
    ),
)  # fmt: skip
JUNK_FORM = st.fixed_dictionaries({name: JUNK for name in FIELDS})


def _post_routes():
    personal = [r for r in project_routes() if r.name in PERSONAL and not r.kwargs]
    return [*_workspace_routes(), *personal]


def test_the_junk_covers_the_fields_the_issue_names():
    assert {"version", "due_date", "owner"} <= set(FIELDS)


@pytest.mark.parametrize("route", _post_routes(), ids=lambda r: r.name)
def test_junk_in_every_field_never_gets_a_500(route, world, people, signed_in):
    url = _fill(route.pattern, world)
    client = signed_in(people[Role.ADMIN])

    @settings(
        max_examples=2,
        derandomize=True,  # the same junk on every run, so CI never flakes on a new draw
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=JUNK_FORM)
    @example(data=dict.fromkeys(FIELDS, "abc"))  # every form's shapes, in every field
    @example(data=dict.fromkeys(FIELDS, "2025-13-45"))
    @example(data=dict.fromkeys(FIELDS, "99999999999999999999999"))
    def post(data: dict[str, str]) -> None:
        response = client.post(url, data)
        assert response.status_code < 500, f"{route.name}: {response.status_code}"

    post()
