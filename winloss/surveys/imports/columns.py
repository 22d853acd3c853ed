"""Which column of a survey export holds what: the deal, the respondent, each factor's
ratings, the main reason, the reconsideration score and the open answers.

Survey tools export several header rows. Qualtrics writes three: the column's id (``Q3_1``,
or the export tag a survey designer gave it), the question's text with the sub-question after
`` - ``, and an ``{"ImportId": …}`` row. SurveyMonkey writes two: the question's text once,
above all its columns, and under each column its answer or row label. Both are flattened here
into one label per column (``question - sub-question``) and read by the same rules as a plain
CSV whose columns are named ``importance_<theme>`` and so on.
"""

import re
from dataclasses import dataclass, field

from winloss.coding.models import Theme
from winloss.deals.imports.errors import ImportFailed
from winloss.deals.imports.formats import normalise

FORMATS = ("auto", "qualtrics", "surveymonkey", "csv")
MEASURES = ("importance", "performance", "chosen_performance")

# Generic columns (normalised) -> field.
_PLAIN = {
    "dealid": "deal", "dealcrmid": "deal", "crmid": "deal", "opportunityid": "deal",
    "respondentemail": "email", "recipientemail": "email", "emailaddress": "email",
    "email": "email",
    "mainreason": "main_reason", "reconsider": "reconsider",
    "comment": "comment", "comments": "comment",
    "finished": "finished", "status": "status",
    "recordeddate": "completed", "enddate": "completed", "completedat": "completed",
    "userlanguage": "language", "language": "language",
}  # fmt: skip
_UNNAMED = re.compile(r"^\(column \d+\)$")
# Qualtrics' external reference holds the deal only when no column names it outright.
_DEAL_FALLBACK = {"externalreference", "externaldatareference"}
# ``importance_price`` and the like; ``vendor``/``competitor`` name the chosen vendor's rating.
_MEASURE_COLUMN = re.compile(
    r"^(importance|performance|chosen_performance|vendor_performance|competitor_performance)"
    r"[_ -]+(.+)$",
    re.IGNORECASE,
)
# Words in a question's text that say what it asks (checked in this order).
_CHOSEN = re.compile(r"\b(chose|chosen|selected|winning|other vendor|competitor)\b", re.I)
_PERFORMANCE = re.compile(r"\b(perform\w*|how well|rate (us|our))\b", re.I)
_IMPORTANCE = re.compile(r"\bimportan(t|ce)\b", re.I)
_MAIN_REASON = re.compile(r"\b(main|primary|most important|single biggest) reason\b", re.I)
_RECONSIDER = re.compile(r"\bconsider(ing)? (us|\w+ again)|\bagain\b.*\bconsider", re.I)
_OTHER = re.compile(r"\bother\b.*\b(specify|text)\b|_text$|- other\b", re.I)
_OPEN = re.compile(r"\?\s*$|\b(comment|anything else|why|what (else|would))\b", re.I)


@dataclass
class Columns:
    """Where each field is, by column index; ``ignored`` are the columns no rule reads."""

    labels: list[str]
    fields: dict[str, int] = field(default_factory=dict)
    ratings: dict[int, tuple[Theme, str]] = field(default_factory=dict)  # index -> theme, measure
    comments: list[int] = field(default_factory=list)
    main_reason_other: int | None = None
    ignored: list[str] = field(default_factory=list)


def detect(first_rows: list[list[str]]) -> str:
    """``qualtrics``, ``surveymonkey`` or ``csv`` from the header and the rows under it."""
    ids = {normalise(c) for c in first_rows[0]}
    if len(first_rows) > 2 and any(c.strip().startswith('{"ImportId"') for c in first_rows[2]):
        return "qualtrics"
    if {"respondentid", "collectorid"} <= ids:
        return "surveymonkey"
    return "csv"


def header_rows(file_format: str) -> int:
    """How many rows the header takes in this format."""
    return {"qualtrics": 3, "surveymonkey": 2}.get(file_format, 1)


def flatten(file_format: str, rows: list[list[str]]) -> tuple[list[str], list[str]]:
    """(column ids, labels): one id and one readable label per column."""
    ids = [c.strip() for c in rows[0]]
    if file_format == "qualtrics":
        texts = _padded(rows[1], len(ids))
        return ids, [t.strip() or i for i, t in zip(ids, texts, strict=True)]
    if file_format == "surveymonkey":
        subs, labels, question = _padded(rows[1], len(ids)), [], ""
        # The table reader names an empty header cell "(column N)".
        ids = ["" if _UNNAMED.match(heading) else heading for heading in ids]
        for heading, sub in zip(ids, subs, strict=True):
            question = heading or question  # a question's text heads only its first column
            sub = sub.strip()
            plain = not sub or sub.casefold() in {"response", "open-ended response"}
            labels.append(question if plain else f"{question} - {sub}")
        # Metadata columns carry their own names in the first row.
        return [h or lab for h, lab in zip(ids, labels, strict=True)], labels
    return ids, ids


def _padded(cells: list[str], width: int) -> list[str]:
    return (list(cells) + [""] * width)[:width]


def locate(ids: list[str], labels: list[str], themes: list[Theme], file_format: str) -> Columns:
    """Map every column to a field, or list it as not read; ``ImportFailed`` when the file
    names a factor the codebook does not have, or has no column for the deal."""
    named = _theme_names(themes)
    columns = Columns(labels=labels)
    unknown: list[str] = []
    fallback = None
    for index, (column_id, label) in enumerate(zip(ids, labels, strict=True)):
        if normalise(column_id) in _DEAL_FALLBACK:
            fallback = index
            continue
        plain = _PLAIN.get(normalise(column_id)) or _PLAIN.get(normalise(label))
        if plain and plain not in columns.fields and plain != "comment":
            columns.fields[plain] = index
            continue
        rating = _rating(column_id, label, named, unknown)
        if rating:
            columns.ratings[index] = rating
        elif plain == "comment":
            columns.comments.append(index)
        elif file_format == "csv":
            columns.ignored.append(label)
        else:
            _question(columns, index, column_id, label)
    if unknown:
        raise ImportFailed(
            "These columns rate factors the codebook has no theme for: "
            + "; ".join(unknown)
            + ". Name each factor by a theme's slug or name, or add the theme first."
        )
    if "deal" not in columns.fields and fallback is not None:
        columns.fields["deal"] = fallback
    if "deal" not in columns.fields:
        raise ImportFailed(
            "No column holds the deal's CRM id. Name it deal_id (in Qualtrics, as embedded "
            "data or the external reference; in SurveyMonkey, as custom data). Its columns "
            "are: " + ", ".join(lab for lab in labels if lab) + "."
        )
    return columns


def _question(columns: Columns, index: int, column_id: str, label: str) -> None:
    """A survey tool's question column that no plain name claimed."""
    if _METADATA.match(normalise(column_id)):
        return  # about the response itself, never a question
    if _MAIN_REASON.search(label) and _OTHER.search(f"{column_id} {label}"):
        columns.main_reason_other = index
    elif _MAIN_REASON.search(label) and "main_reason" not in columns.fields:
        columns.fields["main_reason"] = index
    elif _RECONSIDER.search(label) and "reconsider" not in columns.fields:
        columns.fields["reconsider"] = index
    elif _OPEN.search(label):
        columns.comments.append(index)
    else:
        columns.ignored.append(label)


# Columns survey tools add about the response itself, never a question.
_METADATA = re.compile(
    r"^(startdate|enddate|recordeddate|status|finished|ipaddress|progress|duration.*|"
    r"responseid|recipient.*|external(data)?reference|location.*|distributionchannel|"
    r"userlanguage|collectorid|respondentid|emailaddress|firstname|lastname|customdata\d*)$"
)


def _theme_names(themes: list[Theme]) -> dict[str, Theme]:
    named: dict[str, Theme] = {}
    for theme in themes:
        for name in (theme.slug, theme.slug.replace("-", "_"), theme.name):
            named.setdefault(normalise(name), theme)
    return named


def _rating(
    column_id: str, label: str, named: dict[str, Theme], unknown: list[str]
) -> tuple[Theme, str] | None:
    """(theme, measure) when the column rates a factor."""
    for text in (column_id, label):
        match = _MEASURE_COLUMN.match(text.strip())
        if match:
            measure = match.group(1).lower()
            if measure != "importance":  # performance, or the chosen vendor's by any name
                measure = "performance" if measure == "performance" else "chosen_performance"
            return _factor(match.group(2), measure, label, named, unknown)
    question, sep, factor = label.rpartition(" - ")
    if not sep or _MAIN_REASON.search(question):
        return None
    if _CHOSEN.search(question) and _PERFORMANCE.search(question):
        measure = "chosen_performance"
    elif _PERFORMANCE.search(question):
        measure = "performance"
    elif _IMPORTANCE.search(question):
        measure = "importance"
    else:
        return None
    return _factor(factor, measure, label, named, unknown)


def _factor(
    name: str, measure: str, label: str, named: dict[str, Theme], unknown: list[str]
) -> tuple[Theme, str] | None:
    theme = named.get(normalise(name))
    if theme is None:
        unknown.append(f"{label!r} (factor {name.strip()!r})")
        return None
    return theme, measure
