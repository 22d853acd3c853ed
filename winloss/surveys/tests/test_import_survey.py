"""``winloss import-survey``: Qualtrics and SurveyMonkey exports as they come, and a plain CSV,
checked in full before anything is saved."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.programs.models import Program
from winloss.surveys.imports.run import import_survey
from winloss.surveys.models import ResponseSource, SurveyComment, SurveyRating, SurveyResponse
from winloss.testing import make_contact, make_deal, make_program

DATA = Path(__file__).parent / "data"
HEADER = (
    "deal_id,respondent_email,main_reason,importance_product_fit,performance_product_fit,"
    "importance_pricing_commercial,performance_pricing_commercial,reconsider,comment\n"
)


@pytest.fixture
def deals(workspace):
    return {
        crm_id: make_deal(workspace, crm_id=crm_id, outcome=outcome)
        for crm_id, outcome in [("OPP-1", "lost"), ("OPP-2", "won"), ("OPP-3", "no_decision")]
    }


def _run(workspace, path, *args) -> dict:
    out = __import__("io").StringIO()
    call_command(
        "import_survey", str(path), "--workspace", workspace.slug, "--program", "Surveys 2025",
        "--json", *args, stdout=out,
    )  # fmt: skip
    return json.loads(out.getvalue())


def test_a_plain_csv_becomes_responses_with_their_ratings(workspace, deals, tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(
        HEADER
        + "OPP-1,Dana@Globex.example,pricing_commercial,5,4,4,2,3,Their price was lower\n"
        + "OPP-2,sam@initech.example,Product fit,4,5,,,9,\n"
    )
    result = _run(workspace, path)
    assert result["responses"] == 2 and result["ratings"] == 3 and result["comments"] == 1
    assert result["created_program"] and result["format"] == "csv"
    lost = SurveyResponse.objects.get(deal=deals["OPP-1"])
    assert (lost.outcome, lost.source, lost.status) == (
        "lost",
        ResponseSource.IMPORTED,
        "completed",
    )
    assert lost.respondent_email == "dana@globex.example"
    assert lost.main_reason.slug == "pricing_commercial" and lost.reconsider == 3
    price = lost.ratings.get(theme__slug="pricing_commercial")
    assert (price.importance, price.performance, price.chosen_performance) == (4, 2, None)
    assert SurveyComment.objects.get(response=lost).text == "Their price was lower"
    program = Program.objects.get(workspace=workspace, name="Surveys 2025")
    entry = LogEntry.objects.filter(action="survey.imported").get()
    assert "imported 2 survey responses into Surveys 2025 from answers.csv" in describe(entry)
    assert program.deal_types == ["lost", "won"]


def test_one_bad_cell_saves_nothing_and_names_row_and_column(workspace, deals, tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(
        HEADER
        + "OPP-1,dana@globex.example,pricing_commercial,5,4,4,2,3,\n"
        + "OPP-2,sam@initech.example,product_fit,7,5,,,9,\n"
        + "OPP-9,x@y.example,Speed,4,4,4,4,11,\n"
    )
    with pytest.raises(CommandError, match="Nothing imported: 4 errors"):
        _run(workspace, path)
    out = __import__("io").StringIO()
    with pytest.raises(CommandError):
        call_command("import_survey", str(path), "--workspace", workspace.slug,
                     "--program", "Surveys 2025", stdout=out)  # fmt: skip
    text = out.getvalue()
    assert "Row 3, column importance_product_fit: should be 1 to 5" in text
    assert "Row 4, column deal_id: no deal in this workspace has this CRM id [OPP-9]" in text
    assert (
        "Row 4, column main_reason: is not a theme's slug or name in the codebook [Speed]" in text
    )
    assert "Row 4, column reconsider: should be 0 to 10 [11]" in text
    assert not SurveyResponse.objects.exists()
    assert not Program.objects.filter(name="Surveys 2025").exists()


def test_a_factor_the_codebook_lacks_is_refused_before_any_row(workspace, deals, tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("deal_id,importance_speed\nOPP-1,4\n")
    with pytest.raises(CommandError, match="rate factors the codebook has no theme for"):
        _run(workspace, path)


def test_a_qualtrics_export_as_it_comes(workspace, deals):
    result = _run(workspace, DATA / "qualtrics_export.csv")
    assert result["format"] == "qualtrics"
    # The preview and the unfinished response are left out, and said so.
    assert result["responses"] == 3
    assert any("previews or tests" in w for w in result["warnings"])
    assert any("unfinished" in w for w in result["warnings"])
    lost = SurveyResponse.objects.get(deal=deals["OPP-1"])
    fit = lost.ratings.get(theme__slug="product_fit")
    assert (fit.importance, fit.performance, fit.chosen_performance) == (5, 4, 5)
    assert lost.main_reason.slug == "pricing_commercial" and lost.reconsider == 3
    assert lost.language == "en" and lost.completed_at.isoformat().startswith("2025-06-02T09:04")
    other = SurveyResponse.objects.get(deal=deals["OPP-3"])
    assert other.main_reason is None
    assert other.main_reason_other == "Our parent company chose for us"
    assert list(SurveyComment.objects.filter(response=lost).values_list("prompt", "text")) == [
        ("What, if anything, would have changed your decision?", "A lower first-year price.")
    ]


def test_a_surveymonkey_export_as_it_comes(workspace, deals):
    result = _run(workspace, DATA / "surveymonkey_export.csv")
    assert result["format"] == "surveymonkey" and result["responses"] == 2
    won = SurveyResponse.objects.get(deal=deals["OPP-2"])
    assert won.reconsider == 10 and won.main_reason.slug == "product_fit"
    assert won.completed_at.isoformat().startswith("2025-06-03T13:14:05")
    price = SurveyRating.objects.get(
        response__deal=deals["OPP-1"], theme__slug="pricing_commercial"
    )
    assert (price.importance, price.performance) == (4, 2)


def test_importing_again_replaces_and_a_dry_run_saves_nothing(workspace, deals, tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(HEADER + "OPP-1,dana@globex.example,pricing_commercial,5,4,4,2,3,\n")
    dry = _run(workspace, path, "--dry-run")
    assert dry["dry_run"] and dry["responses"] == 1 and not SurveyResponse.objects.exists()
    _run(workspace, path)
    path.write_text(HEADER + "OPP-1,dana@globex.example,product_fit,5,4,4,2,6,\n")
    again = _run(workspace, path)
    assert again["replaced"] == 1
    response = SurveyResponse.objects.get()
    assert (response.main_reason.slug, response.reconsider) == ("product_fit", 6)


def test_an_imported_response_is_dated_versioned_and_tied_to_its_buyer(workspace, deals, tmp_path):
    buyer = make_contact(workspace, email="Dana@Globex.example")  # as the CRM typed it
    path = tmp_path / "answers.csv"
    path.write_text(HEADER + "OPP-1,dana@globex.example,pricing_commercial,5,4,4,2,3,Slow\n")
    before = timezone.now()
    _run(workspace, path)
    response = SurveyResponse.objects.get()
    assert response.contact == buyer and response.completed_at >= before
    assert before <= response.created == response.updated <= timezone.now()
    assert (response.version, response.reminders_sent, response.survey) == (1, 0, None)
    assert [(r.theme.slug, r.importance) for r in response.ratings.order_by("theme__slug")] == [
        ("pricing_commercial", 4),
        ("product_fit", 5),
    ]
    assert [(c.prompt, c.text) for c in response.comments.all()] == [("comment", "Slow")]


def test_an_open_deal_and_a_repeated_respondent_are_row_errors(workspace, deals):
    make_deal(workspace, crm_id="OPP-OPEN", outcome="open")
    make_program(workspace, name="Surveys 2025")
    source = __import__("io").BytesIO(
        (HEADER + "OPP-OPEN,a@b.example,,,,,,,\nOPP-1,a@b.example,,,,,,,\n"
         "OPP-1,a@b.example,,,,,,,\n").encode()
    )  # fmt: skip
    result = import_survey(
        workspace=workspace, source=source, program_name="Surveys 2025", file_name="x.csv"
    )
    assert [str(e) for e in result.errors] == [
        "Row 2, column deal_id: this deal is still open: surveys are about closed deals",
        "Row 4, column deal_id: the same respondent answered about this deal on row 3",
    ]


def test_an_unreadable_file_is_one_clear_error(workspace, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(CommandError, match="The file is empty"):
        _run(workspace, path)
