"""``winloss search-evidence``: the library from the command line, anonymised as the report
quotes, and a one-line error for anything it cannot find."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from .world import library_world

pytestmark = pytest.mark.django_db


def run(*args: str, **options) -> str:
    out = io.StringIO()
    call_command("search_evidence", *args, workspace="acme", stdout=out, **options)
    return out.getvalue()


def test_json_lists_the_excerpts_with_their_codes_anonymised(workspace, people):
    library_world(workspace, people)
    found = json.loads(run("price", json=True))
    assert [f["text"] for f in found] == [
        "[name] here, from [company]: call me on [phone] or [email], your price was a third "
        "above Vector's."
    ]
    (item,) = found
    assert item["theme"] == "pricing_commercial"
    assert item["direction"] == "loss_driver"
    assert item["outcome"] == "lost"
    assert item["program"] == "Q1 wave"
    assert item["wave"] == 1
    assert json.loads(run("zebra", json=True)) == []  # not quotable: never found


def test_program_theme_and_wave_narrow_it(workspace, people):
    _, wave, _ = library_world(workspace, people)
    everything = json.loads(run(json=True, program="q1 wave"))
    assert {f["program"] for f in everything} == {"Q1 wave", "Q2 wave"}  # every wave
    only = json.loads(run("onboarding", json=True, wave="Q2 wave", theme="product_fit"))
    assert sorted(f["text"] for f in only) == [
        "So onboarding decided it for you?",
        "The onboarding plan won us over.",
    ]
    assert {f["competitor"] for f in only} == {"Vector"}
    assert {f["region"] for f in only} == {"EMEA"}
    text = run("onboarding", wave=str(wave.pk), limit=1)
    assert text.count("“") == 1 and "Q2 wave" in text


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"workspace": "nowhere"}, "There is no workspace 'nowhere'."),
        ({"program": "Q9"}, "There is no program 'Q9' in acme."),
        ({"wave": "Q9"}, "There is no wave 'Q9' in acme."),
        ({"theme": "luck"}, "There is no theme 'luck' in acme's codebook."),
        ({"direction": "up"}, "--direction must be one of win_driver, loss_driver, neutral"),
    ],
)
def test_what_it_cannot_find_is_a_one_line_error(workspace, options, message):
    options = {"workspace": "acme", **options}
    with pytest.raises(CommandError, match=message) as raised:
        call_command("search_evidence", "price", stdout=io.StringIO(), **options)
    assert raised.value.returncode == 1
