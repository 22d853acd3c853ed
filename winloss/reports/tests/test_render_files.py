"""The report's content rendered as PPTX, DOCX and XLSX, reopened with the same libraries a
reader's Office would use. No database: the content is the demo's frozen document."""

import copy
import io
import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Pt

from winloss.lib.charts import paired_bars
from winloss.reports.render import render_docx, render_pptx, render_xlsx
from winloss.reports.render.charts import drivers_chart
from winloss.reports.render.text import EXTRA_SECTIONS, share_text, shorten

SAMPLE = Path(__file__).with_name("sample_content.json")
FORMULA = '=HYPERLINK("http://x")'
LONG_TEXT = (
    f"{FORMULA} was pasted into the chat by their rep, and honestly that was the moment "
    + "we stopped trusting the process; " * 40
    + "so we went with the other vendor."
)


@pytest.fixture
def content() -> dict:
    data = json.loads(SAMPLE.read_text())
    first = data["win_themes"][0]
    data["quotes"].append(
        {
            "theme": first["theme"],
            "theme_name": first["name"],
            "direction": first["direction"],
            "direction_label": "Win driver",
            "competitor": "Vector Solutions",
            "text": LONG_TEXT,
            "source": "Economic buyer, won deal",
            "excerpt": 999,
            "interview": 99,
        }
    )
    data["competitors"].append({**data["competitors"][0], "competitor": "=Evil Corp"})
    return data


def empty_content() -> dict:
    """A version published before there was anything to say: every list empty, no shares."""
    nothing = {"k": 0, "n": 0, "share": None, "low": None, "high": None}
    return {
        "title": "Empty report",
        "program": {"id": 1, "name": "Nothing yet"},
        "workspace": "W",
        "generated_at": "2026-01-01T09:00:00+00:00",
        "sections": json.loads(SAMPLE.read_text())["sections"],
        "summary": "",
        "scope": {"window": [None, None], "segments": {}, "analysed_by_outcome": {}},
        "methodology": {"response": [], "coverage": [], "interviewers": [], "limitations": []},
        "win_themes": [{"theme": "x", "name": "X", "direction": "win_driver", **nothing}],
        "loss_themes": [],
        "drivers": [{"theme": "x", "name": "X", "direction": "win_driver", **nothing}],
        "cuts": {},
        "quotes": [],
        "actions": [],
        "since_last_time": {"wave": "", "actions": []},
        "competitors": [],
        "perception_gap": {"agreement": nothing, "confusion": {}, "mismatches": []},
        "theme_names": {},
        "trends": [],
        "escalations": {},
    }


def excerpt_rows(content: dict) -> list[dict]:
    return [
        {
            "interview": q["interview"],
            "deal": f"Deal {q['interview']}",
            "outcome": "won",
            "theme": q["theme"],
            "theme_name": q["theme_name"],
            "direction": q["direction"],
            "competitor": q["competitor"],
            "text": q["text"],
            "source": q["source"],
        }
        for q in content["quotes"]
    ]


def slides(data: bytes) -> list[dict]:
    deck = Presentation(io.BytesIO(data))
    result = []
    for slide in deck.slides:
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        for shape in slide.shapes:
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        title = slide.shapes.title.text if slide.shapes.title else ""
        result.append({"title": title, "text": "\n".join(texts), "pictures": len(pictures)})
    return result


def docx_text(data: bytes) -> tuple[list[str], str]:
    doc = Document(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return headings, "\n".join([p.text for p in doc.paragraphs] + cells)


def xlsx_values(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_share_reads_as_percent_with_interval_and_counts():
    figure = {"k": 21, "n": 50, "share": 0.42, "low": 0.2956, "high": 0.553}
    assert share_text(figure) == "42% (95% CI 30–55%, 21 of 50)"
    based = {**figure, "base": "won interviews", "too_few": False}
    assert share_text(based) == "42% (95% CI 30–55%, 21 of 50 won interviews)"
    # Under the minimum the n is shown and the share is not: never "— (no interviews)".
    few = {"k": 1, "n": 1, "share": 1.0, "low": 0.2, "high": 1.0, "too_few": True}
    assert (
        share_text({**few, "base": "won interviews"}) == "too few to tell (1 of 1 won interviews)"
    )
    assert share_text({"k": 0, "n": 0, "share": None}) == "too few to tell (0 of 0)"
    assert share_text(None) == "too few to tell (0 of 0)"


def test_shortened_text_ends_at_a_word():
    assert shorten("procurement took a whole quarter", 20) == "procurement took a…"
    assert shorten("short", 20) == "short"


def test_drivers_chart_is_a_png_for_office_and_svg_stays_unchanged(content):
    png = drivers_chart(content, fmt="png")
    assert png.startswith(b"\x89PNG") and png == drivers_chart(content, fmt="png")
    svg = drivers_chart(content).decode()
    assert f"{content['win_themes'][0]['name']} (win)" in svg
    assert paired_bars("C", ["a"], {"s": [0.1]}) == paired_bars("C", ["a"], {"s": [0.1]}, fmt="svg")
    with pytest.raises(ValueError, match="svg or png"):
        paired_bars("C", ["a"], {"s": [0.1]}, fmt="gif")


def test_deck_has_the_readout_slides_in_order(content):
    found = slides(render_pptx(content))
    titles = [s["title"] for s in found]
    themes = [f"Win theme: {t['name']}" for t in content["win_themes"]]
    themes += [f"Loss theme: {t['name']}" for t in content["loss_themes"]]
    expected = [content["title"], "Scope and method", "Top win and loss themes", *themes]
    assert titles == [*expected, "Competitors", "Perception gap", "Buyer survey", "Actions"]
    assert found[2]["pictures"] == 1  # the drivers chart


def test_deck_is_16_9_and_no_text_is_smaller_than_14_pt(content):
    deck = Presentation(io.BytesIO(render_pptx(content)))
    assert round(deck.slide_width / deck.slide_height, 2) == round(16 / 9, 2)
    sizes = {
        run.font.size
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    }
    assert None not in sizes and min(sizes) >= Pt(14)


def test_theme_slide_shows_its_share_and_whole_quotes_only(content):
    first = content["win_themes"][0]
    slide = next(s for s in slides(render_pptx(content)) if s["title"].endswith(first["name"]))
    assert "25%" in slide["text"] and "95% CI 11–47%, 5 of 20" in slide["text"]
    assert "You were already on our approved supplier list, which saved a quarter." in slide["text"]
    assert slide["text"].count("approved supplier list") == 1  # the same words once
    assert LONG_TEXT not in slide["text"] and "stopped trusting" not in slide["text"]


def test_a_lone_quote_too_long_for_a_slide_is_shortened_at_a_word_and_says_so(content):
    first = content["win_themes"][0]
    content["quotes"] = [q for q in content["quotes"] if q["text"] == LONG_TEXT]
    slide = next(s for s in slides(render_pptx(content)) if s["title"].endswith(first["name"]))
    shown = slide["text"].split("“")[1].split("…”")[0]
    assert LONG_TEXT.startswith(shown) and LONG_TEXT[len(shown)] in " ;"
    assert "(shortened; in full in the report)" in slide["text"]


def test_deck_adds_what_changed_since_last_time_when_there_is_something(content):
    action = {"title": "Publish per-site pricing", "owner": "Ana", "due": "2017-09-01"}
    action |= {"status": "Done", "what_changed": "Price list now per site"}
    content["since_last_time"]["actions"] = [action]
    last = slides(render_pptx(content))[-1]
    assert last["title"] == "What we changed since last time"
    assert "Price list now per site" in last["text"]


def test_document_has_every_sop_section_as_a_heading_in_order(content):
    headings, _ = docx_text(render_docx(content))
    assert headings == [*content["sections"], *EXTRA_SECTIONS]


def test_document_shows_the_real_figures_the_chart_and_every_quote(content):
    data = render_docx(content)
    _, text = docx_text(data)
    first = content["win_themes"][0]
    assert first["name"] in text and share_text(first) == "25% (95% CI 11–47%, 5 of 20)"
    assert share_text(first) in text
    assert share_text(content["perception_gap"]["agreement"]) in text
    for quote in content["quotes"]:
        assert f"“{quote['text']}”" in text
        assert f"— {quote['source']}" in text
    assert len(Document(io.BytesIO(data)).inline_shapes) == 1


def test_workbook_has_its_sheets_numbers_and_percent_shares(content):
    data = render_xlsx(content, excerpt_rows(content))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        "Report",
        "Drivers",
        "Cuts",
        "Competitors",
        "Perception gap",
        "Buyer survey",
        "Actions",
        "Coded excerpts",
    ]
    drivers = book["Drivers"]
    header = [c.value for c in drivers[1]]
    row = {h: c for h, c in zip(header, drivers[2], strict=True)}
    first = content["drivers"][0]
    assert row["Theme"].value == first["name"] and row["Interviews"].value == first["n"]
    assert row["Share"].value == pytest.approx(first["share"])
    assert row["Share"].number_format == "0%"
    assert book["Coded excerpts"].max_row == len(content["quotes"]) + 1


def test_workbook_stores_formula_like_text_as_text(content):
    sheets = xlsx_values(render_xlsx(content, excerpt_rows(content)))
    texts = [row[7] for row in sheets["Coded excerpts"][1:]]
    assert "'" + LONG_TEXT in texts
    assert tuple(r[0] for r in sheets["Competitors"] if "Evil" in str(r[0])) == ("'=Evil Corp",)
    book = load_workbook(io.BytesIO(render_xlsx(content, excerpt_rows(content))))
    assert all(cell.data_type != "f" for ws in book for row in ws.iter_rows() for cell in row)


@pytest.mark.parametrize("render", [render_pptx, render_docx, lambda c: render_xlsx(c, [])])
@pytest.mark.parametrize("make", [empty_content, dict], ids=["empty", "missing-fields"])
def test_a_report_with_nothing_in_it_still_renders(render, make):
    assert render(make())[:2] == b"PK"  # a zip: every Office file is one


def test_empty_report_says_none_yet_rather_than_zero():
    _, text = docx_text(render_docx(empty_content()))
    assert "None yet" in text and "too few to tell (0 of 0)" in text
    found = slides(render_pptx(empty_content()))
    assert "None yet" in next(s for s in found if s["title"] == "Actions")["text"]


def test_the_same_content_renders_to_the_same_text(content):
    twin = copy.deepcopy(content)
    assert slides(render_pptx(content)) == slides(render_pptx(twin))
    assert docx_text(render_docx(content)) == docx_text(render_docx(twin))
    rows = excerpt_rows(content)
    assert xlsx_values(render_xlsx(content, rows)) == xlsx_values(render_xlsx(twin, iter(rows)))
