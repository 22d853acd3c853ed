"""Coding validated interviews: excerpts with theme and direction, listed per theme, recoded."""

import pytest

from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.coding import services
from winloss.coding.models import CodedExcerpt
from winloss.coding.queries import codebook_for
from winloss.coding.services import CodingError
from winloss.interviews.models import Transcript
from winloss.testing import make_competitor, make_interview


def _themes(workspace):
    return {t.slug: t for t in codebook_for(workspace)}


def _note(interview, index=0):
    return interview.notes.order_by("question__position")[index]


def test_the_screen_lists_notes_and_transcript_turns_with_their_codes(
    client_for, analyst, interview, coding_url
):
    transcript = Transcript.objects.create(interview=interview, format="webvtt", filename="c.vtt")
    transcript.turns.create(position=1, speaker="Bo", text="We mostly compared price.")
    page = client_for(analyst).get(coding_url).content.decode()
    assert "Your rep told us it supported SSO, it did not." in page
    assert "We mostly compared price." in page and "c.vtt" in page
    assert 'id="code-form"' in page and "winloss/coding.js" in page


def test_a_selection_is_coded_with_theme_direction_and_competitor(
    client_for, analyst, interview, coding_url, workspace
):
    note = _note(interview, 1)
    start = note.text.index("thirty percent lower")
    end = start + len("thirty percent lower")
    rival = make_competitor(workspace, name="Vector Solutions")
    response = client_for(analyst).post(
        coding_url + "save/",
        {
            "passage": f"note-{note.pk}",
            "start": start,
            "end": end,
            "text": "thirty percent lower",
            "theme": _themes(workspace)["pricing_commercial"].pk,
            "direction": "loss_driver",
            "competitor": rival.pk,
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#note-{note.pk}")
    excerpt = CodedExcerpt.objects.get()
    assert (excerpt.text, excerpt.start, excerpt.end) == ("thirty percent lower", start, end)
    assert excerpt.coder == analyst and excerpt.competitor == rival
    assert excerpt.program == interview.program and excerpt.note == note
    logged = LogEntry.objects.get(action="excerpt.coded")
    sentence = describe(logged)
    assert "coded a passage as Pricing and commercial terms, loss driver" in sentence
    # The history names the code, never the words: they would outlive the purge.
    assert "thirty percent" not in f"{sentence} {logged.data} {logged.object_repr}"
    page = client_for(analyst).get(coding_url).content.decode()
    assert "Loss driver" in page and "Vector Solutions" in page


def test_text_that_is_not_the_passage_at_those_offsets_is_refused(analyst, interview, workspace):
    note = _note(interview)
    with pytest.raises(CodingError, match="does not match"):
        services.code_excerpt(
            interview=interview,
            passage_key=f"note-{note.pk}",
            start=0,
            end=8,
            text="Our rep ",
            theme=_themes(workspace)["product_fit"],
            direction="loss_driver",
            user=analyst,
        )
    with pytest.raises(CodingError, match="inside the passage"):
        services.code_excerpt(
            interview=interview,
            passage_key=f"note-{note.pk}",
            start=5,
            end=500,
            theme=_themes(workspace)["product_fit"],
            direction="loss_driver",
            user=analyst,
        )
    assert not CodedExcerpt.objects.exists()


def test_without_javascript_the_form_codes_the_whole_passage(
    client_for, analyst, interview, coding_url, workspace
):
    note = _note(interview)
    client_for(analyst).post(
        coding_url + "save/",
        {
            "passage": f"note-{note.pk}",
            "start": "0",
            "end": "",
            "theme": _themes(workspace)["messaging_positioning"].pk,
            "direction": "neutral",
        },
    )
    assert CodedExcerpt.objects.get().text == note.text


def test_an_interview_not_yet_validated_is_shown_but_not_codeable(
    client_for, analyst, program, workspace
):
    pending = make_interview(program, ["We liked the demo."], validated=False)
    url = f"/w/acme/programs/{program.pk}/code/{pending.pk}/"
    page = client_for(analyst).get(url).content.decode()
    assert "Only validated interviews are coded" in page and 'id="code-form"' not in page
    client_for(analyst).post(
        url + "save/",
        {
            "passage": f"note-{pending.notes.get().pk}",
            "start": "0",
            "theme": _themes(workspace)["product_fit"].pk,
            "direction": "win_driver",
        },
    )
    assert not CodedExcerpt.objects.exists()


def test_a_passage_of_another_interview_cannot_be_coded_here(analyst, interview, program):
    other = make_interview(program, ["Something else entirely."])
    with pytest.raises(CodingError, match="not part of this interview"):
        services.code_excerpt(
            interview=interview,
            passage_key=f"note-{other.notes.get().pk}",
            start=0,
            end=4,
            theme=codebook_for(program.workspace)[0],
            direction="neutral",
            user=analyst,
        )


def _code(interview, analyst, theme, direction, index=0):
    note = _note(interview, index)
    return services.code_excerpt(
        interview=interview,
        passage_key=f"note-{note.pk}",
        start=0,
        end=len(note.text),
        theme=theme,
        direction=direction,
        user=analyst,
    )


def test_the_theme_page_lists_its_excerpts_with_direction_counts(
    client_for, analyst, interview, program, workspace, django_assert_max_num_queries
):
    themes = _themes(workspace)
    _code(interview, analyst, themes["pricing_commercial"], "loss_driver", 1)
    for _ in range(3):
        other = make_interview(program, ["Your price was the best by far."], outcome="won")
        _code(other, analyst, themes["pricing_commercial"], "win_driver")
    url = f"/w/acme/programs/{program.pk}/code/themes/{themes['pricing_commercial'].pk}/"
    client = client_for(analyst)
    with django_assert_max_num_queries(15):  # one query for the rows, whatever their number
        page = client.get(url).content.decode()
    assert "Win driver: <strong>3</strong>" in page
    assert "Loss driver: <strong>1</strong>" in page and "All: <strong>4</strong>" in page
    assert page.count('name="excerpt"') == 4


def test_selected_excerpts_are_recoded_to_another_theme(
    client_for, analyst, interview, program, workspace
):
    themes = _themes(workspace)
    first = _code(interview, analyst, themes["product_fit"], "loss_driver", 0)
    second = _code(interview, analyst, themes["product_fit"], "loss_driver", 1)
    url = f"/w/acme/programs/{program.pk}/code/themes/{themes['product_fit'].pk}/recode/"
    client_for(analyst).post(
        url, {"excerpt": [second.pk], "theme": themes["pricing_commercial"].pk}
    )
    assert CodedExcerpt.objects.get(pk=first.pk).theme == themes["product_fit"]
    assert CodedExcerpt.objects.get(pk=second.pk).theme == themes["pricing_commercial"]
    assert "moved 1 excerpts" in describe(LogEntry.objects.get(action="excerpts.recoded"))


def test_the_step_page_lists_interviews_with_their_coded_counts(
    client_for, analyst, interview, program, workspace
):
    _code(interview, analyst, _themes(workspace)["product_fit"], "loss_driver")
    make_interview(program, ["Pending."], validated=False)
    page = client_for(analyst).get(f"/w/acme/programs/{program.pk}/code/").content.decode()
    assert f"/code/{interview.pk}/" in page
    assert "Not yet — not codeable" in page
    assert "<td>1</td>" in page


def test_a_code_can_be_removed(client_for, analyst, interview, coding_url, workspace):
    excerpt = _code(interview, analyst, _themes(workspace)["product_fit"], "loss_driver")
    client_for(analyst).post(coding_url + "remove/", {"excerpt": excerpt.pk})
    assert not CodedExcerpt.objects.exists()


def test_the_coding_screen_never_titles_an_interview_by_a_raw_crm_id(
    client_for, people, interview, coding_url
):
    deal = interview.entry.deal
    deal.account, deal.name = None, deal.crm_id  # imported with only ids for names
    deal.save()
    client = client_for(people["analyst"])
    screen = client.get(coding_url).content.decode()
    title = screen.split("<h3>", 1)[1].split("</h3>", 1)[0]
    assert "A deal closed" in title and deal.crm_id not in title
    listing = client.get(coding_url.rsplit("/", 2)[0] + "/").content.decode()
    assert "A deal closed" in listing
