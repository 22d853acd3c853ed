"""Companion files that add to what deal exports leave out: accounts, sales teams, products.

Recognised by their headers (``enrichment_kind``), read with the same reader and parsers as
deal files, and applied all or nothing with one log entry:

* accounts (Maven ``maven_accounts.csv``, a Salesforce Account export): sector/industry,
  country, revenue (Maven's ``revenue`` is in millions; ``AnnualRevenue`` in units) and the
  tier it implies (Enterprise from 1,000 M, Mid-market from 100 M, else SMB), employees,
  parent. Matched by CRM id, then by name; missing accounts are created. Their deals take the
  account's industry and tier.
* sales teams (``maven_sales_teams.csv``): each agent's deals get the manager's team and the
  regional office as their region.
* products (``maven_products.csv``): each product's deals get its series as product line.
  Names are compared without spaces or case, so the pipeline's ``GTXPro`` is ``GTX Pro``.
"""

from .enrich_apply import KINDS, CompanionRow, apply
from .errors import ImportFailed, RejectedRow, RowError, ValueProblem, reasons
from .formats import Mapping, normalise
from .reading import Source, open_table
from .records import MAX_KEPT_REJECTS
from .run import ImportResult, import_deals
from .values import parse_amount

# field: synonyms, best first (normalised like deal headers).
_COLUMNS = {
    "accounts": {
        "crm_id": ("Id", "Account ID", "Record ID"),
        "name": ("account", "Account Name", "Name", "Company", "Company Name"),
        "industry": ("sector", "Industry"),
        "country": ("office_location", "BillingCountry", "Billing Country", "Country"),
        "region": ("Region",),
        "revenue_millions": ("revenue", "Revenue (M)", "Revenue M", "Revenue MUSD"),
        "revenue": ("AnnualRevenue", "Annual Revenue"),
        "employees": ("employees", "NumberOfEmployees", "Number of Employees", "Employees"),
        "parent_name": (
            "subsidiary_of",
            "Parent.Name",
            "Parent Account",
            "Parent",
            "Subsidiary Of",
        ),
        "tier": ("Tier", "Account Tier", "Segment"),
    },
    "teams": {
        "agent": ("sales_agent", "Agent", "Sales Rep", "Rep", "Owner"),
        "manager": ("manager", "Sales Manager", "Team Manager"),
        "region": ("regional_office", "Region", "Office", "Sales Region"),
    },
    "products": {
        "product": ("product", "Product Name"),
        "product_line": ("series", "Product Line", "Product Family"),
    },
}
_REQUIRED = {"accounts": ("name",), "teams": ("agent",), "products": ("product", "product_line")}
_ACCOUNT_SIGNS = "sector officelocation subsidiaryof numberofemployees annualrevenue employees"
_SIGNS = {
    "accounts": {*_ACCOUNT_SIGNS.split(), "revenue", "yearestablished", "billingcountry"},
    "teams": {"salesagent", "manager", "regionaloffice"},
    "products": {"series", "salesprice"},
}
_DEAL_SIGNS = {"stagename", "stage", "dealstage", "status", "iswon", "outcome"}


def enrichment_kind(headers: list[str]) -> str | None:
    """ "accounts", "teams" or "products" when the headers are one of those files, else None."""
    seen = {normalise(h) for h in headers}
    if seen & _DEAL_SIGNS:
        return None
    for kind, signs in _SIGNS.items():
        if len(seen & signs) >= 2 or (kind == "products" and "series" in seen):
            return kind
    return None


def import_file(*, workspace, source: Source, **options) -> ImportResult:
    """A deal file or a companion file, told apart by its headers."""
    with open_table(source) as table:
        kind = enrichment_kind(table.headers)
    if kind is None:
        return import_deals(workspace=workspace, source=source, **options)
    keep = {"user", "actor", "file_name", "dry_run", "valid_only"}
    return enrich(
        workspace=workspace, source=source, **{k: options[k] for k in keep & options.keys()}
    )


def enrich(
    *,
    workspace,
    source: Source,
    user=None,
    actor: str = "",
    file_name: str = "",
    dry_run: bool = False,
    valid_only: bool = False,
) -> ImportResult:
    """Apply an accounts, sales-team or product file; ``ImportFailed`` for any other file."""
    with open_table(source) as table:
        kind = enrichment_kind(table.headers)
        if kind is None:
            raise ImportFailed(
                "This is not an accounts, sales-team or product file: expected columns such "
                "as account, sector, revenue; sales_agent, manager, regional_office; or "
                "product, series."
            )
        columns = _columns(kind, table.headers)
        mapping = Mapping(format=kind, columns={h: f for f, h in columns.items()})
        mapping.ignored = [h for h in table.headers if h not in mapping.columns]
        result = ImportResult(mapping=mapping, what=KINDS[kind], headers=list(table.headers))
        rows = []
        for number, cells in table.rows():
            result.rows += 1
            row = _parse(kind, number, cells, table.headers, columns, result)
            if row is not None:
                rows.append(row)
    result.rejected = len({e.row for e in result.errors})
    result.error_count = len(result.errors)
    result.dry_run, result.valid_only = dry_run, valid_only
    if result.errors and not (valid_only or dry_run):
        return result
    apply(workspace=workspace, kind=kind, rows=rows, result=result, user=user, actor=actor,
           file_name=file_name)  # fmt: skip
    return result


def _columns(kind: str, headers: list[str]) -> dict[str, str]:
    by_normal = {normalise(h): h for h in reversed(headers)}
    columns: dict[str, str] = {}
    for name, synonyms in _COLUMNS[kind].items():
        for synonym in synonyms:
            header = by_normal.get(normalise(synonym))
            if header and header not in columns.values():
                columns[name] = header
                break
    missing = [name for name in _REQUIRED[kind] if name not in columns]
    if missing:
        raise ImportFailed(f"This {KINDS[kind]} file has no column for {', '.join(missing)}.")
    return columns


def _parse(kind, number, cells, headers, columns, result) -> CompanionRow | None:
    index = {h: i for i, h in enumerate(headers)}
    values, problems = {}, []
    for name, header in columns.items():
        text = cells[index[header]].strip()
        try:
            values[name] = _value(name, text)
        except ValueProblem as problem:
            problems.append(RowError(number, header, text, str(problem)))
    for name in _REQUIRED[kind]:
        if not values.get(name) and not problems:
            problems.append(RowError(number, columns[name], "", "This value is required."))
    result.errors.extend(problems)
    if problems and len(result.rejected_rows) < MAX_KEPT_REJECTS:
        result.rejected_rows.append(RejectedRow(number, cells, reasons(problems)))
    return None if problems else CompanionRow(number, values)


def _value(name: str, text: str):
    if name in ("revenue", "revenue_millions"):
        amount, _ = parse_amount(text)
        return amount * 1_000_000 if amount is not None and name == "revenue_millions" else amount
    if name == "employees":
        amount, _ = parse_amount(text)
        if amount is not None and amount != int(amount):
            raise ValueProblem(f"{text!r} is not a whole number of employees.")
        return None if amount is None else int(amount)
    return text
