"""What a leader reads can be defended line by line: every export says the same numbers as the
analysis page, with their base; a thin report says "too few to tell" and needs an
acknowledgement to publish; an interviewer's fact is never printed as a buyer's words."""

import re

import pytest

from winloss.accounts.roles import Role
from winloss.coding.services import code_excerpt
from winloss.reports import services
from winloss.reports.models import ReportError, ReportQuote
from winloss.reports.render import text as t
from winloss.testing import make_competitor, make_program
from winloss.testing.planting import PRICE, lost, plant

from .exported import text_of
from .world import report_program

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_renders")]


def _texts(version) -> dict[str, str]:
    """Each file's words as a reader's tool gives them, whitespace flattened."""
    return {f.format: " ".join(text_of(f.format, f.read()).split()) for f in version.files.all()}


def test_every_export_agrees_with_the_analysis_page_number_for_number(
    workspace, people, client_for
):
    program, _excerpts = report_program(workspace, people)
    version = services.publish(services.begin_report(program), user=people[Role.OWNER])
    content = version.content
    page = client_for(people[Role.ANALYST]).get(
        f"/w/{workspace.slug}/programs/{program.pk}/analyse/"
    )
    page_text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    files = _texts(version)
    themes = [*content["win_themes"], *content["loss_themes"]]
    assert {d["theme"] for d in themes} == {"pricing_commercial", "product_fit"}
    for theme in themes:
        among = theme["among"]
        counts = f"{among['k']} of {among['n']} {among['base']}"
        assert counts in page_text and t.percent(among["share"]) in page_text
        worded = t.share_text(among)  # "50% (95% CI 38–62%, 30 of 60 deals not won)"
        for fmt in ("pdf", "docx", "xlsx"):
            assert worded in files[fmt], (fmt, worded)
        assert t.ci_text(among) in files["pptx"] and f"of the {among['base']}" in files["pptx"]
    # The response rate, and the count analysed, read the same everywhere.
    for fmt, words in files.items():
        assert "Interviews analysed (validated)" in words or "interviews analysed" in words, fmt


def test_a_thin_report_says_too_few_to_tell_and_needs_an_acknowledgement(workspace, people):
    rival = make_competitor(workspace, name="Vector")
    program = make_program(workspace, target_sample_size=8)
    plant(program, [lost(rival=rival, codes=[PRICE])])  # one interview, no wins
    report = services.begin_report(program)
    with pytest.raises(ReportError, match="minimum of 5 per outcome") as refused:
        services.publish(report, user=people[Role.OWNER])
    assert "won deals: 0; deals not won: 1" in str(refused.value)
    version = services.publish(report, user=people[Role.OWNER], acknowledge_below_minimum=True)
    limitations = version.content["methodology"]["limitations"]
    assert limitations[0].startswith("Fewer deals heard than the program's minimum of 5")
    assert "acknowledgement of" in limitations[1]
    assert version.content["win_themes"] == version.content["loss_themes"] == []
    files = _texts(version)
    for fmt, words in files.items():
        # "1 of 1 interviews" is right; "1 interviews" on its own is not.
        assert not re.search(r"(?<!of )\b1 (interviews|deals)\b", words), fmt
        assert "— (no interviews)" not in words, fmt
    pdf = files["pdf"]
    assert "Too few to tell: 0 won deals, fewer than the program's minimum of 5." in pdf
    assert "Too few to tell: 1 deal not won" in pdf
    assert "acknowledgement of" in pdf and "acknowledgement of" in files["docx"]
    # One interview against Vector: its rate and themes are held back, and no heatmap.
    # (a table cell's words, read where cells are not interleaved by the PDF's layout)
    assert "too few to tell (0 of 1 closed deals in the CRM that met Vector)" in files["docx"]
    assert "Where we lose to each competitor" not in pdf


def test_an_interviewers_fact_is_never_printed_as_a_buyers_quote(workspace, people):
    program, excerpts = report_program(workspace, people)
    interview = excerpts["named"].interview
    note = interview.notes.get(kind="fact")
    note.text = "ERP integration was a must-have."
    note.save()
    fact = code_excerpt(
        interview=interview, passage_key=f"note-{note.pk}", start=0, end=len(note.text),
        theme=excerpts["named"].theme, direction="win_driver", user=people[Role.ANALYST],
    )  # fmt: skip
    report = services.begin_report(program)
    with pytest.raises(ReportError, match="Only the buyer's own words can be quoted"):
        services.add_quote(report, fact, user=people[Role.ANALYST])
    services.add_quote(report, excerpts["named"], user=people[Role.ANALYST])
    # A pick made before the rule is left out of every export too.
    ReportQuote.objects.create(report=report, excerpt=fact, position=9)
    version = services.publish(report, user=people[Role.OWNER])
    assert [q["excerpt"] for q in version.content["quotes"]] == [excerpts["named"].pk]
    files = _texts(version)
    for fmt in ("pdf", "pptx", "docx"):
        assert "ERP integration was a must-have" not in files[fmt], fmt
    # The spreadsheet lists every excerpt, each labelled with what it is.
    assert "ERP integration was a must-have. Observed fact (not the buyer's words)" in files["xlsx"]
