"""The card's downloads: a PDF of exactly one page and a deck of exactly one slide, saying the
figures with their base, the date they were built and the buyers' words as each allowed."""

import io

import pytest
from pptx import Presentation
from pypdf import PdfReader

from winloss.accounts.roles import Role
from winloss.reports.tests.conftest import pdf_renders as pdf_renders  # a fixture, named again
from winloss.reports.tests.exported import pdf_text, pptx_text

from .world import battlecard_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_renders")]


def _url(workspace, w, fmt: str) -> str:
    return f"/w/{workspace.slug}/battlecards/{w['second'].pk}/{w['rival'].pk}.{fmt}"


def test_the_pdf_is_one_page_with_figures_their_base_and_the_date(workspace, people, client_for):
    w = battlecard_world(workspace, people)
    response = client_for(people[Role.ANALYST]).get(_url(workspace, w, "pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="battlecard-vector-q2-wave.pdf"' in response["Content-Disposition"]
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    text = " ".join(pdf_text(response.content).split())
    assert "Battlecard: Vector" in text
    assert "75% (95% CI" in text and "6 of 8 deals not won" in text
    assert "Built " in text and "from the live analysis" in text
    assert "[name] here, from [company]" in text and "Dana" not in text
    assert "zebra" not in text


def test_the_slide_is_one_slide_as_the_stakeholder_reads_it(workspace, people, client_for):
    w = battlecard_world(workspace, people)
    response = client_for(people[Role.STAKEHOLDER]).get(_url(workspace, w, "pptx"))
    assert len(Presentation(io.BytesIO(response.content)).slides) == 1
    text = pptx_text(response.content)
    assert "Battlecard: Vector — Q2 wave" in text
    assert "from each wave's latest published report" in text
    assert "43% (95% CI" in text and "6 of 14 closed deals in the CRM that met Vector" in text
    assert "Q1 wave: —" in text  # never published: no figure
    assert "Omar Haddad" in text and "zebra" not in text


def _longest_card() -> dict:
    """A card as full as one can be: eight waves, every reason quoted at length, every topic
    and action filled."""
    share = {"k": 12, "n": 20, "share": 0.6, "low": 0.39, "high": 0.78, "base": "won deals"}
    quote = {"text": "Long words about the rival. " * 40, "source": "Economic buyer", "wave": "W"}
    theme = {**share, "too_few": False, "theme": "A theme with a rather long name", "quote": quote}
    wave = {
        "wave": "A wave with a long name",
        "published": "",
        "shown": True,
        "met": True,
        "crm": {"won": 12, "lost": 8, "win_rate": share},
        "heard": {"n": 20, "won": 12, "lost": 8},
        "minimum": 5,
    }
    return {
        "competitor": "Vector",
        "program": {"id": 1, "name": "Q8 wave"},
        "workspace": "Acme",
        "built_at": "2026-12-07T10:00:00+00:00",
        "source": "live",
        "published": "",
        "this_wave_shown": True,
        "minimum": 5,
        "crm": {"won": 12, "lost": 8, "win_rate": share},
        "heard": {"n": 20, "won": 12, "lost": 8},
        "win": {"themes": [theme] * 3, "held_back": ""},
        "loss": {"themes": [theme] * 3, "held_back": ""},
        "over_time": [wave] * 8,
        "said": {
            key: {"label": f"Their {key}", "quotes": [quote] * 2} for key in ("pricing", "product")
        },
        "actions": [
            {"title": "An action " * 30, "owner": "Owner", "due": "2026-12-31", "status": "Open",
             "change": "Pricing", "theme": "Theme", "wave": "Q8 wave"}
        ] * 5,
    }  # fmt: skip


def test_the_fullest_card_still_prints_on_one_page():
    from winloss.battlecards.render import render_pdf

    data = render_pdf(_longest_card())
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
