"""How every export words the report's figures, so the slides, the Word document, the
spreadsheet and the PDF say "42% (95% CI 30–55%, 21 of 50)" the same way.

Everything here reads only the content document: a published version is rendered from what
it froze, never from the live data, and a field an older version lacks reads as "None yet".
"""

from datetime import date, datetime
from typing import Any

from django.template.defaultfilters import pluralize

from winloss.coding.models import Direction
from winloss.deals.models import Outcome
from winloss.lib.markdown import plain_text
from winloss.lib.templatetags.numbers import mean_ci, percent, pvalue
from winloss.reports.sections import SECTIONS

__all__ = [
    "COMPETITOR_HEADER",
    "EXTRA_SECTIONS",
    "NONE_YET",
    "SECTIONS",
    "SURVEY_FACTOR_HEADER",
    "ci_text",
    "competitor_rows",
    "day",
    "direction_label",
    "held_back",
    "interval",
    "memo_byline",
    "memo_text",
    "moment",
    "outcome_label",
    "percent",
    "pvalue",
    "quote_groups",
    "quotes_for",
    "response_text",
    "scope_facts",
    "section_names",
    "share_text",
    "shorten",
    "survey_factor_rows",
    "survey_tables",
    "survey_text",
    "theme_count_text",
    "top_themes",
    "window_text",
]

NONE_YET = "None yet"
# After the SOP's sections, in this order, in every export.
EXTRA_SECTIONS = (
    "Competitors", "Perception gap", "Buyer survey", "What we changed since last time",
)  # fmt: skip


def section_names(content: dict) -> list[str]:
    """The SOP section headings the version was built with (older versions may lack them)."""
    return list(content.get("sections") or SECTIONS)


def interval(figure: dict | None) -> str:
    """ "30–55%": the Wilson 95% interval, with the percent sign once."""
    if not figure or figure.get("low") is None or figure.get("high") is None:
        return "—"
    return f"{percent(figure['low']).removesuffix('%')}–{percent(figure['high'])}"


TOO_FEW = "too few to tell"


def _counts(figure: dict) -> str:
    """ "21 of 50 won deals": the count with the base it is taken over."""
    base = figure.get("base")
    return f"{figure.get('k', 0)} of {figure.get('n', 0)}" + (f" {base}" if base else "")


def _too_few(figure: dict | None) -> bool:
    return not figure or not figure.get("n") or bool(figure.get("too_few"))


def ci_text(figure: dict | None) -> str:
    """ "95% CI 30–55%, 21 of 50 won deals": how sure the share is, and what it counts;
    under the minimum only the counts, since no share is claimed."""
    if figure is None or _too_few(figure):
        return _counts(figure or {})
    return f"95% CI {interval(figure)}, {_counts(figure)}"


def share_text(figure: dict | None) -> str:
    """ "42% (95% CI 30–55%, 21 of 50 won deals)"; a figure under the minimum reads
    "too few to tell (1 of 1 won deals)": the n is always shown, the share never."""
    if figure is None or _too_few(figure):
        return f"{TOO_FEW} ({ci_text(figure)})"
    return f"{percent(figure['share'])} ({ci_text(figure)})"


def held_back(content: dict, direction: str) -> str:
    """Why a direction's top themes are held back, or "" (older versions: "")."""
    return (content.get("held_back") or {}).get(direction, "")


def competitor_rows(content: dict, limit: int = 3) -> list[list[str]]:
    """Per competitor: the CRM's deals and win rate, then the deals heard (each once) and the
    themes we lose on there, two different sources kept in their own columns."""
    rows = []
    for c in content.get("competitors") or []:
        crm, heard = c.get("crm") or {}, c.get("interviews") or {}
        loss = heard.get("loss_themes") or []
        if loss and loss[0].get("too_few"):
            lost = heard.get("lost", 0)
            themes = f"{TOO_FEW} ({lost} deal{pluralize(lost)} not won)"
        else:
            shown = [f"{x['theme']} ({x['k']} of {x['n']})" for x in loss[:limit]]
            more = f" and {len(loss) - limit} more" if len(loss) > limit else ""
            themes = ", ".join(shown) + more if shown else "—"
        rows.append(
            [
                c.get("competitor", ""),
                str(crm.get("won", 0)),
                str(crm.get("lost", 0)),
                share_text(crm.get("win_rate")),
                f"{heard.get('n', 0)} ({heard.get('won', 0)} won, {heard.get('lost', 0)} not won)",
                themes,
            ]
        )
    return rows


COMPETITOR_HEADER = [
    "Competitor",
    "CRM deals won",
    "CRM deals lost",
    "CRM win rate",
    "Deals heard (deal met it or buyer named it)",
    "We lose on (deals not won)",
]


SURVEY_REASON_HEADER = ["Main reason", "Outcome", "Share of those who answered"]
SURVEY_FACTOR_HEADER = [
    "Factor", "Outcome", "Importance", "Our performance", "Chosen vendor's", "Gap (ours − theirs)",
]  # fmt: skip
NO_SURVEY = "No survey answers yet."


def survey_text(content: dict) -> str:
    """What the survey section rests on, said before its figures (older versions: "")."""
    survey = content.get("survey") or {}
    if not survey.get("responses"):
        return ""
    outcomes = ", ".join(
        f"{n} {outcome_label(o).lower()}" for o, n in survey["responses_by_outcome"].items()
    )
    imported = f", {survey['imported']} of them imported" if survey.get("imported") else ""
    return (
        f"{survey['responses']} completed survey response{pluralize(survey['responses'])} "
        f"({outcomes}){imported}. Survey "
        "answers are their own evidence: they are not counted among the interviews above. "
        "Ratings run from 1 (not at all) to 5 (extremely); means with their 95% intervals."
    )


def survey_reason_rows(content: dict) -> list[list[str]]:
    rows = []
    for reason in (content.get("survey") or {}).get("main_reason") or []:
        for outcome, share in reason["by_outcome"].items():
            figure = {**share, "base": ""}
            rows.append([reason["name"], outcome_label(outcome), share_text(figure)])
    return rows


SURVEY_DRIVER_HEADER = ["Theme in open answers (survey evidence)", "As", "Share", "Base"]


def survey_driver_rows(content: dict) -> list[list[str]]:
    rows = []
    for d in (content.get("survey") or {}).get("drivers") or []:
        figure = {**d, "base": ""}
        rows.append([d["name"], direction_label(d["direction"]), share_text(figure), d["base"]])
    return rows


def survey_tables(content: dict) -> list[tuple[list[str], list[list[str]]]]:
    """The survey section's tables, in the order every export shows them."""
    return [
        (SURVEY_REASON_HEADER, survey_reason_rows(content)),
        (SURVEY_FACTOR_HEADER, survey_factor_rows(content)),
        (SURVEY_DRIVER_HEADER, survey_driver_rows(content)),
    ]


def survey_factor_rows(content: dict) -> list[list[str]]:
    rows = []
    for factor in (content.get("survey") or {}).get("factors") or []:
        for outcome, m in factor["by_outcome"].items():
            rows.append([
                factor["name"], outcome_label(outcome), mean_ci(m.get("importance")),
                mean_ci(m.get("performance")), mean_ci(m.get("chosen_performance")),
                mean_ci(m.get("gap")),
            ])  # fmt: skip
    return rows


def response_text(row: dict) -> str:
    """One outcome's response: interviewed over every buyer approached (AAPOR RR1)."""
    return (
        f"{row.get('outcome')}: {row.get('approached', 0)} approached, "
        f"{row.get('interviewed', 0)} interviewed, {row.get('declined', 0)} declined, "
        f"{row.get('no_answer', 0)} no answer ({percent(row.get('rate'))} response rate)"
    )


def _parse(value: str) -> datetime | date | None:
    try:
        return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    except ValueError:
        return None


def day(value: str | None) -> str:
    """ "2017-07-01" → "1 Jul 2017"; text that is not a date is shown as given."""
    if not value:
        return "—"
    parsed = _parse(value)
    if parsed is None:
        return value
    return f"{parsed.day} {parsed:%b %Y}"


def memo_byline(memo: dict) -> str:
    """ "Theme: Pricing · Ana Analyst, 3 Dec 2026": what a cited memo is about, by whom, when
    it was last saved before publication."""
    who = ", ".join(part for part in (memo.get("author") or "", day(memo.get("saved_at"))) if part)
    return f"{memo.get('about') or 'The program'} · {who}"


def memo_text(memo: dict) -> str:
    """A cited memo's words without their markdown, for the files that show plain text."""
    return plain_text(memo.get("text") or "")


def moment(value: str | None) -> str:
    """ "2026-12-01T22:35:52+00:00" → "1 Dec 2026, 22:35 UTC" (the time zone as stored)."""
    parsed = _parse(value) if value else None
    if not isinstance(parsed, datetime):
        return day(value)
    zone = parsed.tzname() or ""
    return f"{parsed.day} {parsed:%b %Y, %H:%M} {zone}".rstrip()


def window_text(scope: dict) -> str:
    start, end = ([*(scope.get("window") or []), None, None])[:2]
    if not start and not end:
        return "Not set"
    return f"{day(start)} – {day(end)}"


# Plain dicts: the spreadsheet labels every one of up to 250,000 excerpt rows.
_DIRECTIONS = {value: str(label) for value, label in Direction.choices}
_OUTCOMES = {value: str(label) for value, label in Outcome.choices}


def finding(action: dict) -> str:
    """An action's finding as the exports print it: its theme, and the escalation it corrects."""
    parts = [action.get("theme") or ""]
    if action.get("escalation"):
        parts.append(f"corrects the escalation: {action['escalation']}")
    return "; ".join(p for p in parts if p) or "—"


def direction_label(direction: str) -> str:
    return _DIRECTIONS.get(direction, direction)


def outcome_label(outcome: str) -> str:
    return _OUTCOMES.get(outcome, outcome)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, marked with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # never end inside a word
    return cut.rstrip(" ,;:.—-") + "…"


def theme_count_text(counts: dict | None, limit: int = 3) -> str:
    """ "Product fit (4), Implementation risk (3)" — the most-named first."""
    if not counts:
        return "—"
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    shown = ", ".join(f"{name} ({n})" for name, n in ranked[:limit])
    return shown + (f" and {len(ranked) - limit} more" if len(ranked) > limit else "")


def top_themes(content: dict) -> list[dict]:
    """The top win themes, then the top loss themes, as the SOP orders them."""
    return [*(content.get("win_themes") or []), *(content.get("loss_themes") or [])]


def quotes_for(content: dict, theme: dict) -> list[dict]:
    """The chosen quotes for one theme in one direction, each distinct text once."""
    seen: set[str] = set()
    result = []
    for quote in content.get("quotes") or []:
        same = (quote.get("theme"), quote.get("direction")) == (
            theme.get("theme"),
            theme.get("direction"),
        )
        if same and quote.get("text") and quote["text"] not in seen:
            seen.add(quote["text"])
            result.append(quote)
    return result


def scope_facts(content: dict) -> list[tuple[str, Any]]:
    """The scope as label–value pairs; counts stay numbers so the spreadsheet can add them."""
    scope = content.get("scope") or {}
    segments = scope.get("segments") or {}
    chosen = [
        f"{name.replace('_', ' ').capitalize()}: {', '.join(values)}"
        for name, values in segments.items()
        if values
    ]
    facts: list[tuple[str, Any]] = [
        ("Objective", scope.get("objective") or "Not set"),
        ("Closing window", window_text(scope)),
        ("Deal types", ", ".join(scope.get("deal_types") or []) or "All"),
        ("Segments", "; ".join(chosen) or "All"),
        ("Target interviews", scope.get("target")),
        ("Deals drawn at random", scope.get("drawn")),
        ("Deals in the sample now", scope.get("sampled")),
        ("Buyers approached", scope.get("approached")),
        ("Deals heard", scope.get("interviewed")),
        ("Interviews completed", scope.get("interviews_held", scope.get("interviewed"))),
        ("Interviews analysed (validated)", scope.get("analysed")),
    ]
    for outcome, n in (scope.get("analysed_by_outcome") or {}).items():
        facts.append((f"  of which {outcome}", n))
    facts.append(("Deals analysed", scope.get("deals_analysed", scope.get("analysed"))))
    facts.append(("Interviews not counted", scope.get("excluded")))
    if scope.get("minimum"):
        facts.append(("Fewest interviews per outcome to report", scope.get("minimum")))
    return facts


def quote_groups(content: dict) -> list[tuple[str, list[tuple[dict, int]]]]:
    """All quotes under "Win driver: Product fit"-style headings, the top themes' first; the
    same words from the same kind of source are shown once, with how often they were said."""
    order = {(x.get("direction"), x.get("theme")): i for i, x in enumerate(top_themes(content))}
    groups: dict[tuple, dict[tuple, list]] = {}
    for quote in content.get("quotes") or []:
        if not quote.get("text"):
            continue
        key = (quote.get("direction"), quote.get("theme"))
        same = (quote["text"], quote.get("source"), quote.get("competitor"))
        groups.setdefault(key, {}).setdefault(same, [quote, 0])[1] += 1
    ranked = sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))
    result = []
    for _key, quotes in ranked:
        first = next(iter(quotes.values()))[0]
        label = first.get("direction_label") or direction_label(first.get("direction") or "")
        heading = f"{label}: {first.get('theme_name') or first.get('theme')}"
        result.append((heading, [(quote, times) for quote, times in quotes.values()]))
    return result
