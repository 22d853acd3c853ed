"""Which column holds what: the canonical deal fields, their header synonyms, the CRM formats.

Headers are compared after normalising: case-folded, a trailing Salesforce ``__c`` dropped,
spaces, underscores, dots, hyphens, slashes and brackets removed. So ``CloseDate``,
``Close Date``, ``close_date`` and ``CLOSE-DATE`` are one header, and ``Loss_Reason__c``
matches "Loss Reason". Within a field, synonyms are listed best first: when two headers claim
the same field, the better synonym wins and the other is left unmapped (and said so).
"""

import re
from dataclasses import dataclass, field
from typing import Any

from .errors import ImportFailed

FORMATS = ("auto", "salesforce", "salesforce-report", "hubspot", "csv")
FORMAT_NAMES = {
    "salesforce": "Salesforce Data Loader export",
    "salesforce-report": "Salesforce report export",
    "hubspot": "HubSpot deal export",
    "csv": "spreadsheet with its own column names",
}

# field: (what a person calls it, synonyms best first: Salesforce API names, Salesforce
# report labels, HubSpot labels and internal names, then generic names).
# fmt: off
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "crm_id": ("CRM id", (
        "Id", "Opportunity ID", "Record ID", "hs_object_id", "Deal ID", "opportunity_id",
        "CRM ID", "Deal Number")),
    "name": ("deal name", ("Name", "Opportunity Name", "Deal Name", "dealname", "Deal", "Title")),
    "account": ("account", (
        "Account.Name", "Account Name", "Associated Company", "Associated Company (Primary)",
        "Company", "Company Name", "account", "Customer", "Customer Name", "Organization",
        "Organisation")),
    "account_crm_id": ("account's CRM id", (
        "AccountId", "Account ID", "Associated Company ID", "Associated Company IDs (Primary)",
        "Company ID")),
    "stage": ("stage", (
        "StageName", "Stage", "Deal Stage", "dealstage", "deal_stage", "Opportunity Stage",
        "Status", "Outcome", "Result", "Win/Loss")),
    # A winloss outcome itself (won, lost, no_decision, ...), as the bulk API sends it; when a
    # row has one, its stage is kept as text only.
    "outcome": ("outcome (won, lost, open…)", ("Winloss Outcome",)),
    "is_won": ("won (yes/no)", ("IsWon", "Won", "Is Won", "hs_is_closed_won")),
    "is_closed": ("closed (yes/no)", ("IsClosed", "Closed", "Is Closed", "hs_is_closed")),
    "amount": ("amount", (
        "Amount", "close_value", "Deal Amount", "Opportunity Amount", "Value", "Deal Value",
        "Close Value", "Total Contract Value", "ACV")),
    "currency": ("currency", (
        "CurrencyIsoCode", "Currency", "Opportunity Currency", "Deal Currency",
        "deal_currency_code", "Currency Code")),
    "created_date": ("opened on", (
        "CreatedDate", "Created Date", "Create Date", "createdate", "engage_date", "Engage Date",
        "Open Date", "Opened", "Created")),
    "close_date": ("closed on", (
        "CloseDate", "Close Date", "closedate", "Closed Date", "Date Closed", "Closed On")),
    "owner_name": ("deal owner", (
        "Owner.Name", "Opportunity Owner", "Deal owner", "Owner Name", "Owner", "sales_agent",
        "Sales Agent", "Sales Rep", "Seller", "Account Executive", "Rep")),
    "owner_email": ("deal owner's email", (
        "Owner.Email", "Owner Email", "Deal Owner Email", "Opportunity Owner Email",
        "Sales Rep Email", "Rep Email")),
    "product": ("product", ("Product__c", "Product", "Product Name", "Products")),
    "product_line": ("product line", (
        "Product_Line__c", "Product Line", "Product Family", "Series")),
    "region": ("region", (
        "Region__c", "Region", "Sales Region", "Regional Office", "Territory", "Geo")),
    "industry": ("industry", (
        "Account.Industry", "Industry", "Account Industry", "Sector", "Vertical")),
    "tier": ("account tier", (
        "Tier__c", "Account Tier", "Tier", "Segment", "Customer Segment", "Company Size",
        "Comp_size")),
    "competitor": ("primary competitor", (
        "Primary_Competitor__c", "Competitor__c", "Primary Competitor", "Main Competitor",
        "Competitor", "Competitor Name")),
    "lost_reason": ("reason lost (rep)", (
        "Loss_Reason__c", "Closed_Lost_Reason__c", "Closed Lost Reason", "closed_lost_reason",
        "Loss Reason", "Lost Reason", "Reason Lost", "Reason for Loss")),
    "won_reason": ("reason won (rep)", (
        "Win_Reason__c", "Closed_Won_Reason__c", "Closed Won Reason", "closed_won_reason",
        "Win Reason", "Won Reason", "Reason Won")),
    "rep_stated_reason": ("rep's stated reason", (
        "Rep Stated Reason", "Rep Reason", "Win/Loss Reason", "Win Loss Reason", "Reason")),
    "open_dispute": ("open dispute (yes/no)", (
        "Open_Dispute__c", "Open Dispute", "Dispute", "Open Escalation", "Escalation")),
}
# fmt: on
OUTCOME_FIELDS = ("outcome", "stage", "is_won", "is_closed")
REASON_FIELDS = ("lost_reason", "won_reason", "rep_stated_reason")

_NOISE = re.compile(r"[\s_.\-/()\[\]]+")


def normalise(header: str) -> str:
    text = header.strip().lstrip("\ufeff").casefold()
    if text.endswith("__c"):
        text = text[:-3]
    return _NOISE.sub("", text)


# normalised synonym -> (field, rank); the first field to claim a synonym keeps it.
_SYNONYMS: dict[str, tuple[str, int]] = {}
for _field, (_label, _names) in FIELDS.items():
    for _rank, _name in enumerate(_names):
        _SYNONYMS.setdefault(normalise(_name), (_field, _rank))

# Headers that tell formats apart (normalised).
_SIGNS = {
    "salesforce": {"stagename", "isclosed", "iswon", "accountid", "forecastcategory", "ownerid"},
    "salesforce-report": {"opportunityname", "opportunityowner", "accountname", "fiscalperiod"},
    "hubspot": {"recordid", "dealname", "dealstage", "dealowner", "associatedcompany", "pipeline"},
}


def field_label(name: str) -> str:
    return FIELDS[name][0]


@dataclass
class Mapping:
    """How one file's headers map to deal fields."""

    format: str
    columns: dict[str, str]  # header as written in the file -> canonical field
    ignored: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def header_for(self, name: str) -> str | None:
        for header, mapped in self.columns.items():
            if mapped == name:
                return header
        return None

    def has(self, name: str) -> bool:
        return name in self.columns.values()

    def as_dict(self) -> dict[str, Any]:
        return {"format": self.format, "columns": dict(self.columns), "ignored": list(self.ignored)}

    def describe(self) -> list[str]:
        width = max((len(h) for h in self.columns), default=0)
        if self.format not in FORMAT_NAMES:
            # A companion file (``enrich``): its fields are its own, not deal fields.
            lines = [f"Format: {self.format} file"]
            lines += [f"  {h.ljust(width)}  ->  {f}" for h, f in self.columns.items()]
        else:
            lines = [f"Format: {FORMAT_NAMES[self.format]} ({self.format})"]
            lines += [
                f"  {h.ljust(width)}  ->  {f} ({field_label(f)})" for h, f in self.columns.items()
            ]
        if self.ignored:
            lines.append("  Not imported: " + ", ".join(self.ignored))
        return lines


def detect_format(headers: list[str]) -> str:
    seen = {normalise(h) for h in headers}
    scores = {name: len(seen & signs) for name, signs in _SIGNS.items()}
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] >= 2 else "csv"


def guess_mapping(
    headers: list[str], *, file_format: str = "auto", columns: dict[str, str] | None = None
) -> Mapping:
    """The mapping for ``headers``: ``columns`` (header -> field, "" to skip) first, then synonyms.

    Raises ``ImportFailed`` when a named field is unknown, a named header is not in the file,
    or nothing says the deal's stage or outcome.
    """
    if file_format not in FORMATS:
        raise ImportFailed(f"Unknown format {file_format!r}; use one of {', '.join(FORMATS)}.")
    detected = detect_format(headers)
    fmt = detected if file_format == "auto" else file_format
    notes = []
    if file_format != "auto" and detected not in ("csv", file_format):
        notes.append(f"The columns look like a {FORMAT_NAMES[detected]}, not a {fmt} one.")
    chosen: dict[str, tuple[str, int]] = {}  # field -> (header, rank)
    explicit = _explicit(headers, columns or {})
    for header, name in explicit.items():
        if name:
            chosen[name] = (header, -1)
    for header in headers:
        if header in explicit:
            continue
        match = _SYNONYMS.get(normalise(header))
        if match is None:
            continue
        name, rank = match
        if name not in chosen or rank < chosen[name][1]:
            if name in chosen:
                notes.append(f"{chosen[name][0]!r} was not used: {header!r} is the {name}.")
            chosen[name] = (header, rank)
        else:
            notes.append(f"{header!r} was not used: {chosen[name][0]!r} is the {name}.")
    by_header = {header: name for name, (header, _) in chosen.items()}
    mapped = {h: by_header[h] for h in headers if h in by_header}
    if not any(name in mapped.values() for name in OUTCOME_FIELDS):
        raise ImportFailed(
            "No column says whether each deal was won, lost or is still open. Columns found: "
            + ", ".join(headers)
            + ". Map one of them to the stage (for example Stage, StageName or Deal Stage)."
        )
    ignored = [h for h in headers if h not in mapped]
    normal = {normalise(h) for h in ignored}
    if "ownerid" in normal and not ({"owner_name", "owner_email"} & set(mapped.values())):
        notes.append(
            "OwnerId holds Salesforce user ids, not names: export Owner.Name or Owner.Email "
            "as well to record who owned each deal."
        )
    if "account_crm_id" in mapped.values() and "account" not in mapped.values():
        notes.append(
            "The file names accounts only by their CRM id: they are listed under that id "
            "until an accounts file (Id, Name, ...) names them."
        )
    return Mapping(format=fmt, columns=mapped, ignored=ignored, notes=notes)


def _explicit(headers: list[str], columns: dict[str, str]) -> dict[str, str]:
    by_normal = {normalise(h): h for h in headers}
    explicit: dict[str, str] = {}
    for header, name in columns.items():
        if name and name not in FIELDS:
            raise ImportFailed(
                f"The mapping sends {header!r} to {name!r}, which is not a deal field. "
                f"Fields: {', '.join(FIELDS)}."
            )
        actual = header if header in headers else by_normal.get(normalise(header))
        if actual is None:
            # A saved mapping may name columns this export does not have: skip them.
            continue
        if name and name in explicit.values():
            raise ImportFailed(f"The mapping sends two columns to {name!r}; choose one.")
        explicit[actual] = name
    return explicit
