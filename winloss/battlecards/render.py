"""A battlecard as a one-page PDF and as one slide, from the card's content document alone,
worded by the report's own helpers (``reports.render.text``) so a figure reads the same in
the report and on the card: "42% (95% CI 30–55%, 21 of 50 won deals)"."""

from django.template.loader import render_to_string

from winloss.reports.render import text as t

# The PDF's type sizes, largest first: the first that fits one page is used.
PDF_SIZES = (9.5, 8.5, 7.5, 6.5)
PDF_QUOTE = 280  # characters of a quote on the PDF, which must hold on one page


def facts(card: dict) -> dict:
    """The card's lines in words, shared by the page, the PDF and the slide."""
    crm, heard = card.get("crm") or {}, card.get("heard") or {}
    # A stakeholder's card of a wave not yet published: nothing is known, not "not met".
    unpublished = "Report not published yet." if not card["this_wave_shown"] else ""
    win = [{**x, "figure": t.share_text(x)} for x in card["win"]["themes"]]
    loss = [{**x, "figure": t.share_text(x)} for x in card["loss"]["themes"]]
    name = card["competitor"]
    return {
        "base": footer_base(card),
        "built": t.moment(card["built_at"]),
        "source": (
            "the live analysis of each wave's validated interviews"
            if card["source"] == "live"
            else "each wave's latest published report"
        ),
        "win_rate": (
            t.share_text(crm.get("win_rate"))
            if crm
            else unpublished or "Not met in the CRM's deals."
        ),
        "crm_counts": f"{crm.get('won', 0)} won, {crm.get('lost', 0)} lost" if crm else "",
        "heard": (
            f"{heard.get('n', 0)} deals heard ({heard.get('won', 0)} won, "
            f"{heard.get('lost', 0)} not won)"
            if heard
            else unpublished or "No deal heard where it was met or named."
        ),
        "over_time": [
            {
                **row,
                "win_rate": t.share_text(row["crm"].get("win_rate")) if row["met"] else "—",
            }
            for row in card["over_time"]
        ],
        "win": win,
        "loss": loss,
        "reasons": [
            ({"key": "win", **card["win"]}, f"Why we win against {name}", win),
            ({"key": "loss", **card["loss"]}, f"Why we lose to {name}", loss),
        ],
    }


def render_pdf(card: dict) -> bytes:
    """One A4 page: the type shrinks until everything fits (quotes are already short)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Nothing to fetch: the card has no pictures, and a quote must not reach the network.
    fetcher = URLFetcher(allowed_protocols={"data"})
    for size in PDF_SIZES:
        html = render_to_string(
            "battlecards/pdf.html",
            {"card": card, "f": facts(card), "size": size, "quote_limit": PDF_QUOTE},
        )
        document = HTML(string=html, url_fetcher=fetcher).render()
        if len(document.pages) == 1:
            break
    return document.write_pdf()


def render_pptx(card: dict) -> bytes:
    """One 16:9 slide: the figures on the left, the buyers' words on the right."""
    from pptx import Presentation
    from pptx.util import Inches

    from winloss.reports.render import pptx_deck as deck
    from winloss.reports.render.office import finish

    f = facts(card)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(deck.WIDTH), Inches(deck.HEIGHT)
    slide = deck.new_slide(prs, f"Battlecard: {card['competitor']} — {card['program']['name']}")
    left: list[deck.Line] = [
        (f"CRM win rate: {f['win_rate']}", 14, "b"),
        (f["heard"], 12, ""),
        ("We win on", 14, "b"),
        *[(f"{x['theme']}: {x['figure']}", 12, "") for x in f["win"]],
        *([(card["win"]["held_back"], 12, "i")] if card["win"]["held_back"] else []),
        ("We lose on", 14, "b"),
        *[(f"{x['theme']}: {x['figure']}", 12, "") for x in f["loss"]],
        *([(card["loss"]["held_back"], 12, "i")] if card["loss"]["held_back"] else []),
        ("Over time (CRM win rate per wave)", 14, "b"),
        *[(f"{row['wave']}: {row['win_rate']}", 11, "") for row in f["over_time"]],
    ]
    right: list[deck.Line] = []
    for x in card["win"]["themes"] + card["loss"]["themes"]:
        if x.get("quote"):
            right.append((f"“{t.shorten(x['quote']['text'], 160)}”", 12, "i"))
            right.append((f"— {x['quote']['source']}, on {x['theme']}", 10, ""))
    for topic in card["said"].values():
        for quote in topic["quotes"][:1]:
            right.append((f"“{t.shorten(quote['text'], 160)}”", 12, "i"))
            right.append((f"— {quote['source']}, on {topic['label'].lower()}", 10, ""))
    if card["actions"]:
        right.append((f"Open actions: {len(card['actions'])}", 14, "b"))
        right += [(f"{a['title']} ({a['owner']}, due {a['due']})", 11, "") for a in card["actions"]]
    body = deck.BODY_HEIGHT - 0.4
    deck.write_lines(slide, deck.fitting(left, deck.COLUMN, body), deck.MARGIN, deck.COLUMN)
    deck.write_lines(
        slide,
        deck.fitting(right or [("No quotes yet.", 12, "")], deck.COLUMN, body),
        deck.MARGIN + deck.COLUMN + 0.4,
        deck.COLUMN,
    )
    footer = f"Built {f['built']} from {f['source']}. {footer_base(card)}"
    deck.write_lines(slide, [(footer, 10, "")], deck.MARGIN, deck.BODY_WIDTH, deck.HEIGHT - 0.7)
    properties = {"title": f"Battlecard: {card['competitor']}", "generated_at": card["built_at"]}
    return finish(prs, properties)


def footer_base(card: dict) -> str:
    """What the figures count, said once on every output."""
    return (
        "Win rates count the CRM's closed deals that met the competitor; reasons count deals "
        "heard (each once however many people spoke) where it was met or named. Below "
        f"{card['minimum']} deals a figure is too few to tell."
    )
