"""winloss suggest-themes: JSON lines in and out, stdin, and one clear error line."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

PASSAGES = (
    '{"text": "your rep told us it supported SSO, it did not"}\n'
    "\n"
    '{"text": "The quote was far above our budget.", "interview": 7}\n'
    '{"text": "Hmm, yes."}\n'
)


def _run(*args: str, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("suggest_themes", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_json_prints_one_object_per_passage_with_themes_best_first(tmp_path):
    path = tmp_path / "passages.jsonl"
    path.write_text(PASSAGES, encoding="utf-8")
    out, _ = _run(str(path), json=True)
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["text"] for line in lines] == [
        "your rep told us it supported SSO, it did not",
        "The quote was far above our budget.",
        "Hmm, yes.",
    ]
    sso, price, nothing = lines
    assert list(sso) == ["text", "themes"] and list(sso["themes"][0]) == ["theme", "score"]
    assert price["themes"][0]["theme"] == "pricing_commercial"
    scores = [theme["score"] for theme in price["themes"]]
    assert scores == sorted(scores, reverse=True) and len(scores) <= 3
    assert nothing["themes"] == []


def test_a_workspace_suggests_from_its_own_codebook(workspace, people):
    from winloss.coding.codebook.services import add_theme
    from winloss.testing import publish_codebook_draft

    add_theme(
        workspace=workspace,
        user=None,
        slug="identity",
        name="Identity and SSO",
        seed_phrases=["sso", "single sign-on", "okta"],
    )
    publish_codebook_draft(workspace)
    out, _ = _run("-", json=True, workspace="acme", stdin=io.StringIO(PASSAGES))
    sso = json.loads(out.splitlines()[0])
    assert "identity" in [theme["theme"] for theme in sso["themes"]]
    with pytest.raises(CommandError, match="no workspace 'nope'"):
        _run("-", workspace="nope", stdin=io.StringIO(PASSAGES))


def test_without_json_each_passage_is_shown_with_its_themes():
    out, _ = _run("-", stdin=io.StringIO('{"text": "The quote was far above our budget."}\n'))
    assert out.startswith("The quote was far above our budget.\n  → pricing_commercial (0.")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "fine"}\n{"text": broken}\n', "Line 2: not valid JSON"),
        ('{"text": "fine"}\n\n{"words": "x"}\n', 'Line 3: no "text" field.'),
        ('["text"]\n', 'Line 1: no "text" field.'),
        ('{"text": 42}\n', 'Line 1: "text" must be a string.'),
    ],
)
def test_a_bad_line_is_named_in_one_error_with_exit_status_2(content, message):
    with pytest.raises(CommandError, match=message) as raised:
        _run("-", json=True, stdin=io.StringIO(content))
    assert raised.value.returncode == 2


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.jsonl") as raised:
        _run(str(tmp_path / "missing.jsonl"))
    assert raised.value.returncode == 2
