"""Memos: written about the program, a theme, an interview or an excerpt; saved as they are
typed without ever overwriting a colleague's newer version; every version kept; searched,
filtered and exported; read by stakeholders only once shared."""

import csv
import io

import openpyxl
import pytest

from winloss.accounts.roles import Role
from winloss.activity.models import LogEntry
from winloss.coding.memos import services
from winloss.coding.models import About, CodedExcerpt, Memo, MemoRevision
from winloss.coding.queries import codebook_for
from winloss.coding.services import code_excerpt, remove_excerpt
from winloss.lib.errors import StaleEdit
from winloss.testing import make_member

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def theme(workspace):
    return codebook_for(workspace)[1]  # pricing and commercial terms


@pytest.fixture
def memos_url(program):
    return f"/w/acme/programs/{program.pk}/memos/"


def _memo(program, user, *, about=About.PROGRAM, title="Why price", text="", **links) -> Memo:
    return services.write_memo(
        program=program, about=about, title=title, text=text, user=user, **links
    )


def _excerpt(interview, user) -> CodedExcerpt:
    note = interview.notes.order_by("question__position")[1]
    return code_excerpt(
        interview=interview,
        passage_key=f"note-{note.pk}",
        start=0,
        end=10,
        theme=codebook_for(interview.workspace)[1],
        direction="loss_driver",
        user=user,
    )


def test_an_analyst_writes_a_memo_about_an_interview_from_its_coding_screen(
    client_for, analyst, interview, coding_url, memos_url
):
    client = client_for(analyst)
    screen = client.get(coding_url).content.decode()
    assert "Memos on this interview" in screen
    assert f"memos/new/?about=interview&amp;interview={interview.pk}" in screen

    asked = client.get(f"{memos_url}new/?about=interview&interview={interview.pk}")
    assert "A memo about the interview about" in asked.content.decode()
    assert not Memo.objects.exists()  # opening the form writes nothing

    fields = {"about": "interview", "interview": interview.pk, "title": "SSO"}
    response = client.post(f"{memos_url}new/", {**fields, "text": "Rep *oversold*."})
    memo = Memo.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{memos_url}{memo.pk}/"
    assert (memo.about, memo.interview, memo.author, memo.version) == (
        "interview", interview, analyst, 1
    )  # fmt: skip
    assert list(memo.revisions.values_list("version", "text")) == [(1, "Rep *oversold*.")]
    assert LogEntry.objects.filter(action="memo.written", object_id=memo.pk).exists()
    assert memo.title in client.get(coding_url).content.decode()

    page = client.get(response["Location"]).content.decode()
    assert "<em>oversold</em>" in page and "All changes saved" in page


def test_each_kind_of_memo_is_written_from_its_own_page(
    client_for, analyst, program, interview, theme, memos_url
):
    client = client_for(analyst)
    excerpt = _excerpt(interview, analyst)
    theme_page = client.get(f"/w/acme/programs/{program.pk}/code/themes/{theme.pk}/")
    assert f"?about=theme&amp;theme={theme.pk}" in theme_page.content.decode()
    coding = client.get(f"/w/acme/programs/{program.pk}/code/{interview.pk}/").content.decode()
    assert f"?about=excerpt&amp;excerpt={excerpt.pk}" in coding
    analyse = client.get(f"/w/acme/programs/{program.pk}/analyse/").content.decode()
    assert "Program memos" in analyse and "?about=program" in analyse
    code_step = client.get(f"/w/acme/programs/{program.pk}/code/").content.decode()
    assert memos_url in code_step

    for about, field, value in [
        ("theme", "theme", theme.pk),
        ("excerpt", "excerpt", excerpt.pk),
        ("program", "program", ""),
    ]:
        client.post(f"{memos_url}new/", {"about": about, field: value, "title": about})
    made = {m.about: m for m in Memo.objects.all()}
    assert made["theme"].theme == theme
    # An excerpt's memo names its interview too, so the interview's page lists it.
    assert (made["excerpt"].excerpt, made["excerpt"].interview) == (excerpt, interview)
    assert made["program"].theme is None and made["program"].interview is None


def test_a_memo_is_not_written_about_another_programs_interview(
    client_for, analyst, workspace, interview, memos_url
):
    from winloss.testing import make_interview, make_program

    other = make_interview(make_program(workspace, name="Another"), ["Hello"])
    response = client_for(analyst).post(
        f"{memos_url}new/", {"about": "interview", "interview": other.pk, "title": "x"}
    )
    assert response.status_code == 404 and not Memo.objects.exists()


def test_autosave_keeps_each_version_and_answers_with_the_memo_as_it_reads(
    client_for, analyst, program, memos_url
):
    memo = _memo(program, analyst, text="First")
    url = f"{memos_url}{memo.pk}/save/"
    response = client_for(analyst).post(
        url, {"title": "Why price", "text": "- one\n- two", "version": 1}, **JSON
    )
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 2 and "<li>one</li>" in body["html"]
    assert body["saved_by"] == str(analyst)
    assert list(memo.revisions.values_list("version", "text")) == [
        (2, "- one\n- two"),
        (1, "First"),
    ]


def test_a_colleagues_newer_version_is_never_overwritten(
    client_for, analyst, people, program, memos_url
):
    memo = _memo(program, analyst, text="Mine")
    owner = people[Role.OWNER]
    services.save_memo(memo, title="Why price", text="Theirs", expected_version=1, user=owner)

    response = client_for(analyst).post(
        f"{memos_url}{memo.pk}/save/", {"title": "Why price", "text": "Mine, more", "version": 1},
        **JSON,
    )  # fmt: skip
    assert response.status_code == 409
    assert response.json()["text"] == "Theirs" and response.json()["version"] == 2
    memo.refresh_from_db()
    assert (memo.text, memo.version) == ("Theirs", 2)

    # The same words saved on an old version are no conflict.
    again = client_for(owner).post(
        f"{memos_url}{memo.pk}/save/", {"title": "Why price", "text": "Theirs", "version": 1},
        **JSON,
    )  # fmt: skip
    assert again.status_code == 200 and again.json()["version"] == 2


def test_without_javascript_a_lost_edit_shows_both_versions(
    client_for, analyst, people, program, memos_url
):
    memo = _memo(program, analyst, text="Mine")
    services.save_memo(
        memo, title="Why price", text="Theirs", expected_version=1, user=people[Role.OWNER]
    )
    response = client_for(analyst).post(
        f"{memos_url}{memo.pk}/save/", {"title": "Why price", "text": "Mine, more", "version": 1}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "What changed while you were editing" in page
    assert "Mine, more" in page and "Theirs" in page
    assert Memo.objects.get().text == "Theirs"


def test_a_refused_save_says_why(client_for, analyst, program, memos_url):
    memo = _memo(program, analyst)
    response = client_for(analyst).post(
        f"{memos_url}{memo.pk}/save/", {"title": "  ", "text": "x", "version": 1}, **JSON
    )
    assert response.status_code == 400 and "Title" in response.json()["error"]


def test_one_editing_session_is_one_history_entry(analyst, program):
    memo = _memo(program, analyst)
    for version in (1, 2, 3):
        memo = services.save_memo(
            memo, title="Why price", text=f"v{version}", expected_version=version, user=analyst
        )
    assert memo.revisions.count() == 4
    # Written and edited within the session: the writing entry stands for it.
    assert LogEntry.objects.for_object(memo).filter(action="memo.edited").count() == 0
    other = make_member(memo.workspace, Role.ANALYST)
    services.save_memo(memo, title="Why price", text="v5", expected_version=4, user=other)
    assert LogEntry.objects.for_object(memo).filter(action="memo.edited").count() == 1


def test_the_deal_owner_writes_no_memo_about_their_deals_interview(program, interview, people):
    owner = people[Role.ANALYST]
    deal = interview.entry.deal
    deal.owner = owner
    deal.save(update_fields=["owner"])
    with pytest.raises(services.MemoError, match="neutral"):
        _memo(program, owner, about=About.INTERVIEW, interview=interview)


def test_a_memo_about_a_code_moves_to_the_interview_when_the_code_is_removed(
    analyst, program, interview
):
    excerpt = _excerpt(interview, analyst)
    memo = _memo(program, analyst, about=About.EXCERPT, excerpt=excerpt, text="Kept")
    remove_excerpt(excerpt, user=analyst)
    memo.refresh_from_db()
    assert (memo.about, memo.excerpt, memo.interview, memo.text) == (
        "interview", None, interview, "Kept"
    )  # fmt: skip


def test_only_the_program_owner_shares_and_only_memos_about_the_program_or_a_theme(
    client_for, analyst, people, program, interview, theme, memos_url
):
    owner = people[Role.OWNER]
    about_theme = _memo(program, analyst, about=About.THEME, theme=theme)
    about_interview = _memo(program, analyst, about=About.INTERVIEW, interview=interview)
    with pytest.raises(services.MemoError, match="program owner"):
        services.share_memo(about_theme, shared=True, user=analyst)
    with pytest.raises(services.MemoError, match="may name the respondent"):
        services.share_memo(about_interview, shared=True, user=owner)

    response = client_for(owner).post(f"{memos_url}{about_theme.pk}/share/", {"shared": "on"})
    assert response.status_code == 302
    about_theme.refresh_from_db()
    assert (about_theme.shared, about_theme.shared_by) == (True, owner)
    assert LogEntry.objects.filter(action="memo.shared", object_id=about_theme.pk).exists()
    client_for(owner).post(f"{memos_url}{about_theme.pk}/share/", {})
    assert not Memo.objects.get(pk=about_theme.pk).shared


def test_stakeholders_read_only_the_shared_memos(
    client_for, analyst, people, program, theme, memos_url
):
    shared = _memo(program, analyst, about=About.THEME, theme=theme, title="Shared", text="**Yes**")
    _memo(program, analyst, title="Team only")
    services.share_memo(shared, shared=True, user=people[Role.OWNER])
    stakeholder = client_for(people[Role.STAKEHOLDER])

    page = stakeholder.get(memos_url).content.decode()
    assert "Shared" in page and "<strong>Yes</strong>" in page and "Team only" not in page
    assert stakeholder.get(f"{memos_url}{shared.pk}/").status_code == 403
    assert stakeholder.get(f"{memos_url}export/").status_code == 403
    report_step = stakeholder.get(f"/w/acme/programs/{program.pk}/report/").content.decode()
    assert memos_url in report_step


def test_the_memo_list_searches_words_and_filters_by_attachment_and_author(
    client_for, analyst, people, program, theme, memos_url
):
    owner = people[Role.OWNER]
    _memo(program, analyst, title="Pricing pressure", text="Discounts everywhere")
    _memo(program, owner, about=About.THEME, theme=theme, title="Theme rules", text="discount")
    _memo(program, owner, title="Sampling", text="Enough wins")
    client = client_for(analyst)

    def titles(query: str) -> list[str]:
        page = client.get(f"{memos_url}?{query}")
        return [memo.title for memo, _ in page.context["memos"]]

    assert sorted(titles("q=DISCOUNT")) == ["Pricing pressure", "Theme rules"]
    assert titles("about=theme") == ["Theme rules"]
    assert sorted(titles(f"author={owner.pk}")) == ["Sampling", "Theme rules"]
    assert titles(f"q=discount&about=program&author={analyst.pk}") == ["Pricing pressure"]
    assert len(titles("about=nonsense&author=１２")) == 3  # junk filters nothing


def test_the_memos_export_as_csv_and_xlsx_with_formulas_kept_as_text(
    client_for, analyst, program, memos_url
):
    _memo(program, analyst, title='=HYPERLINK("http://x")', text="+1 and more")
    _memo(program, analyst, title="Other", text="plain")
    client = client_for(analyst)

    response = client.get(f"{memos_url}export/?q=more&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Memo id", "Title", "About"]
    assert len(rows) == 2  # the search applies
    assert rows[1][1] == '\'=HYPERLINK("http://x")' and rows[1][-1] == "'+1 and more"

    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{memos_url}export/?format=xlsx").content))
    sheet = book["Memos"]
    assert sheet.max_row == 3
    assert {sheet.cell(row, 2).value for row in (2, 3)} == {'\'=HYPERLINK("http://x")', "Other"}
    assert sheet.cell(2, 2).data_type == "s"  # text, never a formula
    assert client.get(f"{memos_url}export/?format=pdf").status_code == 400


def test_what_a_memo_says_is_shown_and_never_run(client_for, analyst, program, memos_url):
    memo = _memo(program, analyst, text="<script>alert(1)</script> [x](javascript:alert(1))")
    page = client_for(analyst).get(f"{memos_url}{memo.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page and 'href="javascript' not in page


def test_every_version_is_listed_with_who_saved_it(client_for, analyst, people, program, memos_url):
    memo = _memo(program, analyst, text="One")
    services.save_memo(memo, title="Why price", text="Two", expected_version=1,
                       user=people[Role.OWNER])  # fmt: skip
    page = client_for(analyst).get(f"{memos_url}{memo.pk}/").content.decode()
    assert "Every version (2)" in page
    assert f"Version 2 · {people[Role.OWNER]}" in page and f"Version 1 · {analyst}" in page


def test_a_purged_interviews_memos_are_closed(analyst, program, interview):
    memo = _memo(program, analyst, about=About.INTERVIEW, interview=interview)
    from django.utils import timezone

    type(interview).objects.filter(pk=interview.pk).update(purged_at=timezone.now())
    memo.interview.refresh_from_db()
    with pytest.raises(services.MemoError, match="purged"):
        services.save_memo(memo, title="x", text="y", expected_version=1, user=analyst)
    assert MemoRevision.objects.filter(memo=memo).count() == 1


def test_a_stale_save_through_the_service_carries_the_saved_memo(analyst, people, program):
    memo = _memo(program, analyst, text="A")
    services.save_memo(memo, title="Why price", text="B", expected_version=1, user=analyst)
    with pytest.raises(StaleEdit) as raised:
        services.save_memo(
            memo, title="Why price", text="C", expected_version=1, user=people[Role.OWNER]
        )
    assert raised.value.current.text == "B"


def test_on_a_double_coded_interview_each_coder_sees_the_memos_about_their_own_codes(
    client_for, analyst, people, program, interview, coding_url
):
    from winloss.coding.models import SecondCoding

    second = people[Role.REVIEWER]
    SecondCoding.objects.create(
        workspace=program.workspace, program=program, interview=interview, coder=second
    )
    _memo(program, analyst, about=About.EXCERPT, excerpt=_excerpt(interview, analyst),
          title="First side")  # fmt: skip
    _memo(program, second, about=About.EXCERPT, excerpt=_excerpt(interview, second),
          title="Second side")  # fmt: skip
    _memo(program, analyst, about=About.INTERVIEW, interview=interview, title="Whole interview")

    def listed(user) -> str:
        return client_for(user).get(coding_url).content.decode()

    first, other = listed(analyst), listed(second)
    assert "First side" in first and "Second side" not in first
    assert "Second side" in other and "First side" not in other
    assert "Whole interview" in first and "Whole interview" in other


def test_the_codebook_theme_page_lists_every_programs_memos_about_it(
    client_for, analyst, program, theme
):
    _memo(program, analyst, about=About.THEME, theme=theme, title="Reading the price rule")
    page = client_for(analyst).get(f"/w/acme/programs/codebook/{theme.pk}/").content.decode()
    assert "Memos about this theme" in page and "Reading the price rule" in page
    assert program.name in page
