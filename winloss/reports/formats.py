"""One content, four files: PDF (WeasyPrint, from the same HTML the draft page shows), slides,
DOCX and XLSX (``render/``)."""

import base64
from collections.abc import Callable, Iterable

from django.template.loader import render_to_string

from winloss.coding.models import Direction

from .models import Format
from .render.text import COMPETITOR_HEADER, competitor_rows, held_back, survey_tables, survey_text

WIN, LOSS = Direction.WIN_DRIVER.value, Direction.LOSS_DRIVER.value


def charts_of(content: dict) -> list[str]:
    """The charts a report's content has something to draw in: the drivers always; the
    competitor matrix when enough interviews say why we lose to someone; trends once two
    waves were heard."""
    names = ["drivers"]
    if any(_losses_heard(h) for h in content.get("competitors") or []):
        names.append("competitors")
    trends = content.get("trends") or []
    if trends and sum(1 for wave in trends[0]["waves"] if wave.get("n")) >= 2:
        names.append("trends")
    return names


def _losses_heard(competitor: dict) -> bool:
    themes = (competitor.get("interviews") or {}).get("loss_themes") or []
    return bool(themes) and not themes[0].get("too_few")


def draw_chart(name: str, content: dict) -> bytes:
    from .render.charts import competitor_chart, drivers_chart, trends_chart

    draw = {"drivers": drivers_chart, "competitors": competitor_chart, "trends": trends_chart}
    return draw[name](content)


def document_context(content: dict, *, src: Callable[[str], str] | None = None) -> dict:
    """What ``_document.html`` shows; ``src(name)`` is where each chart's picture is found."""
    charts = {name: src(name) for name in charts_of(content)} if src else {}
    return {
        "c": content,
        "chart_src": charts.get("drivers", ""),
        "competitor_chart_src": charts.get("competitors", ""),
        "trends_chart_src": charts.get("trends", ""),
        "theme_sections": [
            ("Top win themes", content.get("win_themes") or [], held_back(content, WIN)),
            ("Top loss themes", content.get("loss_themes") or [], held_back(content, LOSS)),
        ],
        "competitor_header": COMPETITOR_HEADER,
        "competitor_rows": competitor_rows(content),
        "survey_text": survey_text(content),
        "survey_tables": survey_tables(content),
    }


def pdf_problem() -> str:
    """Why PDFs cannot be made here, or "" when they can (WeasyPrint loads Pango on import)."""
    try:
        import weasyprint  # noqa: F401
    except OSError as error:
        return (
            f"WeasyPrint cannot load the Pango library ({error}); install it, e.g. "
            "`apt-get install libpango-1.0-0 libpangoft2-1.0-0`."
        )
    return ""


def render_pdf(content: dict) -> bytes:
    context = document_context(content, src=lambda name: _data_url(draw_chart(name, content)))
    return _pdf(render_to_string("reports/pdf.html", {**context, "standalone": True}))


def waves_context(content: dict, *, src: Callable[[str], str] | None = None) -> dict:
    """What ``_waves_document.html`` shows; the trends chart once two waves were heard."""
    drawn = src is not None and "trends" in charts_of(content)
    return {"c": content, "trends_chart_src": src("trends") if drawn and src else ""}


def render_waves_pdf(content: dict) -> bytes:
    """The report across waves (``waves.waves_content``) as a PDF, styled as the report's."""
    context = waves_context(content, src=lambda name: _data_url(draw_chart(name, content)))
    return _pdf(render_to_string("reports/waves_pdf.html", {**context, "standalone": True}))


def _pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # The PDF may load the pictures embedded in it and nothing else: no file of the server,
    # no address on the network, whatever a title or a quote says.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def _data_url(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def render(fmt: str, content: dict, *, excerpts: Iterable[dict] | None = None) -> bytes:
    if fmt == Format.PDF:
        return render_pdf(content)
    if fmt == Format.PPTX:
        from .render.pptx_deck import render_pptx

        return render_pptx(content)
    if fmt == Format.DOCX:
        from .render.docx_doc import render_docx

        return render_docx(content)
    if fmt == Format.XLSX:
        from .render.xlsx_book import render_xlsx

        return render_xlsx(content, excerpts or [])
    raise ValueError(f"Unknown report format: {fmt}")
