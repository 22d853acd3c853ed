"""Companion files that add to what deal exports leave out: accounts, sales teams, products,
and Salesforce's competitors and contact roles of each opportunity.

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
* deal competitors (a Salesforce OpportunityCompetitor export) and deal contacts (an
  OpportunityContactRole export): see ``related``. Rows deleted in Salesforce (``IsDeleted``)
  are left out; a row whose opportunity is not a deal of the workspace is an error.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from winloss.lib.tables.reading import Source, Table, open_table

from .enrich_apply import KINDS, CompanionRow, apply
from .errors import ImportFailed, RejectedRow, RowError, ValueProblem, reasons
from .formats import Mapping, normalise
from .records import MAX_KEPT_REJECTS
from .related import RELATED_KINDS, find_deals
from .run import ImportResult, import_deals
from .values import parse_amount, parse_bool

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
    # Data Loader API names (``OpportunityId``, ``Contact.Email``) and report labels.
    "competitors": {
        "opportunity": ("OpportunityId", "Opportunity ID"),
        "competitor": ("CompetitorName", "Competitor Name", "Competitor"),
        "deleted": ("IsDeleted", "Deleted"),
    },
    "contacts": {
        "opportunity": ("OpportunityId", "Opportunity ID"),
        "contact_crm_id": ("ContactId", "Contact ID"),
        "name": ("Contact.Name", "ContactName", "Full Name"),
        "first_name": ("Contact.FirstName", "First Name"),
        "last_name": ("Contact.LastName", "Last Name"),
        "email": ("Contact.Email", "Email", "Email Address"),
        "title": ("Contact.Title", "Title", "Job Title"),
        "phone": ("Contact.Phone", "Phone"),
        "role": ("Role", "Contact Role"),
        "primary": ("IsPrimary", "Primary", "Is Primary"),
        "deleted": ("IsDeleted", "Deleted"),
    },
}
_REQUIRED = {
    "accounts": ("name",),
    "teams": ("agent",),
    "products": ("product", "product_line"),
    "competitors": ("opportunity", "competitor"),
    "contacts": ("opportunity",),
}
# What the model holds at most (longer values are errors, not cut short).
_MAX_LENGTH = {
    "opportunity": 100,
    "competitor": 200,
    "contact_crm_id": 100,
    "name": 200,
    "title": 200,
    "phone": 50,
}
_BOOLEANS = ("deleted", "primary")
_ACCOUNT_SIGNS = "sector officelocation subsidiaryof numberofemployees annualrevenue employees"
_SIGNS = {
    "accounts": {*_ACCOUNT_SIGNS.split(), "revenue", "yearestablished", "billingcountry"},
    "teams": {"salesagent", "manager", "regionaloffice"},
    "products": {"series", "salesprice"},
}
_DEAL_SIGNS = {"stagename", "stage", "dealstage", "status", "iswon", "outcome"}
# With an opportunity id column: what tells a competitor file from a contact-role file.
_RELATED_SIGNS = {
    "competitors": {"competitorname", "competitor"},
    "contacts": {"contactid", "contactname", "contactemail", "isprimary", "contactrole"},
}


def enrichment_kind(headers: list[str]) -> str | None:
    """ "accounts", "teams", "products", "competitors" or "contacts" when the headers are one
    of those files, else None."""
    seen = {normalise(h) for h in headers}
    if seen & _DEAL_SIGNS:
        return None
    if "opportunityid" in seen:
        for kind, signs in _RELATED_SIGNS.items():
            if seen & signs or (kind == "contacts" and {"email", "role"} <= seen):
                return kind
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
    source: Source | Table,
    user=None,
    actor: str = "",
    file_name: str = "",
    dry_run: bool = False,
    valid_only: bool = False,
    kind: str | None = None,
) -> ImportResult:
    """Apply an accounts, sales-team or product file; ``ImportFailed`` for any other file.

    ``kind`` says what the rows are when they do not come from a file whose headers tell
    (the CRM sync knows which object it fetched)."""
    with open_table(source) as table:
        kind = kind or enrichment_kind(table.headers)
        if kind is None:
            raise ImportFailed(
                "This is not an accounts, sales-team, product, opportunity competitor or "
                "contact role file: expected columns such as account, sector, revenue; "
                "sales_agent, manager, regional_office; product, series; OpportunityId, "
                "CompetitorName; or OpportunityId, ContactId, Role."
            )
        columns = _columns(kind, table.headers)
        mapping = Mapping(format=kind, columns={h: f for f, h in columns.items()})
        mapping.ignored = [h for h in table.headers if h not in mapping.columns]
        result = ImportResult(mapping=mapping, what=KINDS[kind], headers=list(table.headers))
        rows, deleted = [], 0
        for number, cells in table.rows():
            result.rows += 1
            row = _parse(kind, number, cells, table.headers, columns, result)
            if row is not None and row.values.get("deleted"):
                deleted += 1
            elif row is not None:
                rows.append(row)
    if deleted:
        rows_were = "row was" if deleted == 1 else "rows were"
        result.warnings.append(f"{deleted} {rows_were} deleted in Salesforce and left out.")
    if kind in RELATED_KINDS:
        rows = find_deals(
            workspace=workspace, rows=rows, header=columns["opportunity"], result=result
        )
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
    if kind == "contacts" and not {"contact_crm_id", "email"} & columns.keys():
        missing.append("the contact (ContactId or Email)")
    if missing:
        raise ImportFailed(f"This {KINDS[kind]} file has no column for {', '.join(missing)}.")
    return columns


def _parse(kind, number, cells, headers, columns, result) -> CompanionRow | None:
    index = {h: i for i, h in enumerate(headers)}
    values, problems = {}, []
    if "deleted" in columns:
        # A row deleted in Salesforce is left out whatever else it holds.
        try:
            if parse_bool(cells[index[columns["deleted"]]]):
                return CompanionRow(number, {"deleted": True}, cells)
        except ValueProblem:
            pass  # reported with the row's other problems below
    for name, header in columns.items():
        text = cells[index[header]].strip()
        try:
            values[name] = _value(name, text)
        except ValueProblem as problem:
            problems.append(RowError(number, header, text, str(problem)))
    for name in _REQUIRED[kind]:
        if not values.get(name) and not problems:
            problems.append(RowError(number, columns[name], "", "This value is required."))
    names_contact = values.get("contact_crm_id") or values.get("email")
    if kind == "contacts" and not problems and not names_contact:
        header = columns.get("contact_crm_id") or columns["email"]
        problems.append(RowError(number, header, "", "The row needs the contact's id or email."))
    result.errors.extend(problems)
    if problems and len(result.rejected_rows) < MAX_KEPT_REJECTS:
        result.rejected_rows.append(RejectedRow(number, cells, reasons(problems)))
    return None if problems else CompanionRow(number, values, cells)


def _value(name: str, text: str):
    if name in ("revenue", "revenue_millions"):
        amount, _ = parse_amount(text)
        return amount * 1_000_000 if amount is not None and name == "revenue_millions" else amount
    if name == "employees":
        amount, _ = parse_amount(text)
        if amount is not None and amount != int(amount):
            raise ValueProblem(f"{text!r} is not a whole number of employees.")
        return None if amount is None else int(amount)
    if name in _BOOLEANS:
        return parse_bool(text)
    if name in _MAX_LENGTH and len(text) > _MAX_LENGTH[name]:
        raise ValueProblem(f"This is longer than {_MAX_LENGTH[name]} characters.")
    if name == "email" and text:
        try:
            validate_email(text)
        except ValidationError:
            raise ValueProblem(f"{text!r} is not an email address.") from None
    return text
