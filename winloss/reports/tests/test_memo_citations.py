"""The report's methodology cites analysts' memos: only ones the program owner shared (about
the program or a theme), printed in every export, and frozen as they read at publication."""

import pytest

from winloss.accounts.roles import Role
from winloss.activity.models import LogEntry
from winloss.coding.memos.services import save_memo, share_memo, write_memo
from winloss.coding.models import About
from winloss.coding.queries import codebook_for
from winloss.reports import services
from winloss.reports.models import ReportError, ReportMemo
from winloss.reports.queries import draft_of
from winloss.testing import make_interview, make_program

from .exported import text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_renders")]

WORDS = "We coded **price** only when the buyer named a figure.\n\n- quotes\n- discounts"


@pytest.fixture
def program(workspace, people):
    return make_program(workspace, owner=people[Role.OWNER], name="Q3 losses")


@pytest.fixture
def memo(program, people):
    theme = codebook_for(program.workspace)[1]
    memo = write_memo(program=program, about=About.THEME, theme=theme, title="Coding price",
                      text=WORDS, user=people[Role.ANALYST])  # fmt: skip
    return share_memo(memo, shared=True, user=people[Role.OWNER])


def test_a_shared_memo_is_cited_from_the_draft_page_and_printed_in_its_preview(
    client_for, program, memo, people
):
    client = client_for(people[Role.ANALYST])
    url = f"/w/acme/programs/{program.pk}/report/"
    page = client.get(url).content.decode()
    assert "Cite a shared memo" in page and f'<option value="{memo.pk}">Coding price' in page

    response = client.post(f"{url}memos/cite/", {"memo": memo.pk})
    assert response.status_code == 302
    cited = ReportMemo.objects.get()
    assert cited.memo == memo
    assert LogEntry.objects.filter(action="report.memo_cited").exists()
    page = client.get(url).content.decode()
    assert "Analysts&#x27; memos" in page or "Analysts' memos" in page
    assert "<strong>price</strong>" in page and "Theme: Pricing and commercial terms" in page

    client.post(f"{url}memos/{cited.pk}/remove/")
    assert not ReportMemo.objects.exists()
    assert LogEntry.objects.filter(action="report.memo_uncited").exists()


def test_only_a_shared_memo_about_the_program_or_a_theme_is_cited(program, people):
    analyst = people[Role.ANALYST]
    interview = make_interview(program, ["Hello"])
    unshared = write_memo(program=program, about=About.PROGRAM, title="Draft", text="",
                          user=analyst)  # fmt: skip
    about_interview = write_memo(program=program, about=About.INTERVIEW, interview=interview,
                                 title="Acme call", text="", user=analyst)  # fmt: skip
    report = draft_of(program)
    with pytest.raises(ReportError, match="Only a shared memo"):
        services.cite_memo(report, unshared, user=analyst)
    with pytest.raises(ReportError, match="may name the respondent"):
        services.cite_memo(report, about_interview, user=analyst)
    other = make_program(program.workspace, name="Another")
    elsewhere = write_memo(program=other, about=About.PROGRAM, title="x", text="", user=analyst)
    with pytest.raises(ReportError, match="another program"):
        services.cite_memo(report, elsewhere, user=analyst)
    assert not ReportMemo.objects.exists()


def test_a_memo_no_longer_shared_drops_out_of_the_draft(program, memo, people):
    report = services.begin_report(program)
    services.cite_memo(report, memo, user=people[Role.ANALYST])
    share_memo(memo, shared=False, user=people[Role.OWNER])
    from winloss.reports.content import build

    assert build(report)["methodology"]["memos"] == []


def test_a_published_version_keeps_the_memo_as_it_read_then_in_every_file(program, memo, people):
    report = services.begin_report(program)
    services.cite_memo(report, memo, user=people[Role.ANALYST])
    version = services.publish(report, user=people[Role.OWNER], acknowledge_below_minimum=True)

    (cited,) = version.content["methodology"]["memos"]
    assert (cited["title"], cited["text"], cited["version"]) == ("Coding price", WORDS, 1)
    assert cited["about"] == "Theme: Pricing and commercial terms"
    files = {f.format: text_of(f.format, f.read()) for f in version.files.all()}
    for fmt in ("pdf", "docx", "xlsx"):
        flat = " ".join(files[fmt].split())
        assert "Coding price" in flat, fmt
        assert "only when the buyer named a figure" in flat, fmt
    assert "**price**" not in files["docx"] and "• quotes" in files["docx"]
    assert "Memos cited: Coding price" in files["pptx"]

    save_memo(memo, title="Coding price", text="Changed later.", expected_version=1,
              user=people[Role.ANALYST])  # fmt: skip
    version.refresh_from_db()
    assert version.content["methodology"]["memos"][0]["text"] == WORDS and version.intact
    from winloss.reports.content import build

    assert build(report)["methodology"]["memos"][0]["text"] == "Changed later."
