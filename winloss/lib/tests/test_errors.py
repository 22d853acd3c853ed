"""Every error winloss defines is a ``DomainError``, so each door turns it into an answer in one
place, unless it is listed here with the reason it is not."""

import ast
import inspect
import json
from importlib import import_module
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages.storage.cookie import CookieStorage

from winloss.api import api
from winloss.deals.models import Deal
from winloss.lib.concurrency import StaleEdit, VersionedForm
from winloss.lib.errors import DomainError, errors_as_message, errors_on_form
from winloss.programs.sampling.common import SampleError
from winloss.testing import make_deal

ROOT = Path(__file__).resolve().parents[2]  # the winloss package

NOT_DOMAIN_ERRORS = {
    "winloss.activity.models.AppendOnlyError": "guards the code, not a request: writing over "
    "the audit trail is a bug that must fail loudly, never a message",
    "winloss.coding.suggest.learned.ModelOutdated": "caught where it is raised (suggestions "
    "start cold until the model is trained again); nobody reads it",
}


def _classes(tree: ast.Module) -> list[str]:
    """Qualified names of the classes a module defines at its top level or inside classes."""
    found = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                found.append(prefix + child.name)
                visit(child, f"{prefix}{child.name}.")

    visit(tree, "")
    return found


def defined_exceptions() -> dict[str, type[BaseException]]:
    """{module.Class: class} for every exception class defined in winloss outside the tests."""
    exceptions = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT.parent).with_suffix("")
        if {"tests", "migrations"} & set(relative.parts):
            continue
        names = _classes(ast.parse(path.read_text()))
        if not names:
            continue
        module = import_module(".".join(relative.parts).removesuffix(".__init__"))
        for name in names:
            cls = module
            for part in name.split("."):  # a model's Meta is gone once read: None
                cls = getattr(cls, part, None)
            if inspect.isclass(cls) and issubclass(cls, BaseException):
                exceptions[f"{module.__name__}.{name}"] = cls
    return exceptions


def test_every_error_winloss_defines_is_a_domain_error_or_says_why_not():
    exceptions = defined_exceptions()
    strays = sorted(
        name
        for name, cls in exceptions.items()
        if not issubclass(cls, DomainError) and name not in NOT_DOMAIN_ERRORS
    )
    assert not strays, (
        "Subclass DomainError (winloss/lib/errors.py), or list with a reason in "
        f"NOT_DOMAIN_ERRORS: {', '.join(strays)}"
    )
    assert set(NOT_DOMAIN_ERRORS) <= set(exceptions), "NOT_DOMAIN_ERRORS names a class gone"
    assert {"StaleEdit", "SampleError", "ReportError"} <= {c.__name__ for c in exceptions.values()}


class _Unreadable(DomainError):
    status = 422


@pytest.mark.parametrize(
    ("make_error", "status"),
    [
        (lambda workspace: SampleError("Draw the sample first."), 400),
        (lambda workspace: _Unreadable("That file is not a transcript."), 422),
        (lambda workspace: StaleEdit(make_deal(workspace)), 409),
    ],
)
def test_the_api_answers_a_domain_error_with_its_status_and_message(
    workspace, rf, make_error, status
):
    error = make_error(workspace)
    response = api.on_exception(rf.post("/api/v1/deals/bulk"), error)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(response.content) == {"detail": str(error)}


class _DealNameForm(VersionedForm):
    class Meta:
        model = Deal
        fields = ["name"]


def _request(rf):
    request = rf.post("/")
    request._messages = CookieStorage(request)
    return request


def test_a_domain_error_becomes_the_forms_error():
    form = forms.Form(data={})
    with errors_on_form(form):
        raise SampleError("That deal is already in the sample.")
    assert form.non_field_errors() == ["That deal is already in the sample."]


def test_a_domain_error_can_be_put_beside_one_field():
    form = forms.Form(data={})
    form.fields["file"] = forms.FileField(required=False)
    with errors_on_form(form, "file"):
        raise SampleError("That file is empty.")
    assert form.errors == {"file": ["That file is empty."]}


def test_a_lost_edit_on_a_versioned_form_shows_the_saved_version_beside_the_typed_one(workspace):
    deal = make_deal(workspace, name="Saved name")
    form = _DealNameForm(data={"name": "Typed name", "version": "1"}, instance=deal)
    assert form.is_valid()
    Deal.objects.filter(pk=deal.pk).update(version=2)
    with errors_on_form(form):
        raise StaleEdit(Deal.objects.get(pk=deal.pk))
    assert form.data["version"] == "2" and form.data["name"] == "Typed name"
    assert form.conflict_rows() == [("Name", "Typed name", "Saved name")]


def test_other_errors_are_not_turned_into_form_errors():
    with pytest.raises(ZeroDivisionError), errors_on_form(forms.Form(data={})):
        1 / 0  # noqa: B018


def test_a_domain_error_becomes_an_error_message_on_the_next_page(rf):
    request = _request(rf)
    with errors_as_message(request):
        raise SampleError("Draw the sample first.")
    assert [(m.level_tag, m.message) for m in request._messages] == [
        ("error", "Draw the sample first.")
    ]


def test_a_lost_edit_without_a_form_says_what_the_page_asks_instead(workspace, rf):
    stale = "Someone else changed this escalation meanwhile: reload."
    said = []
    for kwargs in ({"stale": stale}, {}):
        request = _request(rf)
        error = StaleEdit(make_deal(workspace))
        with errors_as_message(request, **kwargs):
            raise error
        said += [m.message for m in request._messages]
    assert said == [stale, str(error)]
