"""Salesforce through ``simple-salesforce``: SOQL over the REST API, changes found by
``SystemModstamp`` (which, unlike ``LastModifiedDate``, also moves when the system changes a
record, and is indexed).

The connected app signs in with the OAuth 2.0 client credentials flow at the org's My Domain
address; the token is used at that same address (the ``instance_url`` the token answer names is
not followed, so a saved connection can only ever reach the address an admin typed).
"""

import datetime as dt
import re
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from . import CrmError, Fetched, Records
from .backoff import RETRIED_STATUSES, Backoff

T = TypeVar("T")
API_VERSION = "59.0"
# Ids per ``WHERE Id IN (…)``: 200 ids of 20 characters keep a query far below SOQL's limit.
IDS_PER_QUERY = 200
# Salesforce answers Get Deleted for no more than 15 days back; a day's margin for clocks.
DELETE_LOG_DAYS = dt.timedelta(days=14)
OPPORTUNITY_ID = re.compile(r"006[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?")
ACCOUNT_FIELDS = "Id, Name, Industry, BillingCountry, AnnualRevenue, NumberOfEmployees"
OPPORTUNITY_FIELDS = (
    "Id, Name, AccountId, Account.Name, StageName, IsClosed, IsWon, CloseDate, Amount, "
    "CreatedDate, OwnerId, Owner.Name, Owner.Email"
)
CONTACT_FIELDS = "Id, AccountId, FirstName, LastName, Email, Title, Phone"
ROLE_FIELDS = (
    "Id, OpportunityId, ContactId, Role, IsPrimary, Contact.FirstName, Contact.LastName, "
    "Contact.Email, Contact.Title, Contact.Phone"
)
COMPETITOR_FIELDS = "Id, OpportunityId, CompetitorName"
# The deal import's fields for each Opportunity field (the imports know these names too).
DEAL_COLUMNS = {
    "Id": "crm_id",
    "Name": "name",
    "AccountId": "account_crm_id",
    "Account.Name": "account",
    "StageName": "stage",
    "IsClosed": "is_closed",
    "IsWon": "is_won",
    "CloseDate": "close_date",
    "Amount": "amount",
    "CreatedDate": "created_date",
    "Owner.Name": "owner_name",
    "Owner.Email": "owner_email",
}


def soql_time(moment: dt.datetime) -> str:
    """A SOQL datetime literal (UTC, no quotes)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def modstamp(text: str | None) -> dt.datetime | None:
    """``2024-01-22T16:14:25.000+0000`` as an aware datetime."""
    if not text:
        return None
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z")


class SalesforceReader:
    name = "Salesforce"

    def __init__(self, connection, secret: str, backoff: Backoff) -> None:
        import requests
        from requests.adapters import HTTPAdapter

        self.base_url = connection.base_url.rstrip("/")
        self.backoff = backoff
        self.session = requests.Session()
        # The session's pool retries a busy Salesforce (urllib3's Retry, ``backoff``).
        adapter = HTTPAdapter(max_retries=backoff.retry())
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        token = self._token(connection.client_id, secret)
        from simple_salesforce import Salesforce

        self.sf = Salesforce(
            instance_url=self.base_url,
            session_id=token,
            session=self.session,
            version=API_VERSION,
        )

    def _token(self, client_id: str, secret: str) -> str:
        import requests

        what = "Signing in to Salesforce"
        try:
            response = self.session.post(
                f"{self.base_url}/services/oauth2/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": client_id,
                    "client_secret": secret,
                },
                timeout=30,
            )
        except requests.RequestException as error:
            said = f"Salesforce could not be reached ({type(error).__name__})"
            raise self.backoff.gave_up(what, said) from None
        if response.status_code in RETRIED_STATUSES:
            raise self.backoff.gave_up(what, response.status_code)
        body = _json(response)
        if response.status_code != 200 or "access_token" not in body:
            said = body.get("error_description") or body.get("error") or response.reason
            raise CrmError(
                f"Salesforce refused the consumer key and secret ({said}). Check the connected "
                "app's client credentials flow and its run-as user."
            )
        return str(body["access_token"])

    def query(self, object_name: str, fields: str, where: str) -> list[dict]:
        soql = f"SELECT {fields}, SystemModstamp FROM {object_name}{where} ORDER BY SystemModstamp"
        return self._call(
            f"Reading {object_name} from Salesforce",
            lambda: list(self.sf.query_all(soql)["records"]),
        )

    def query_in(self, object_name: str, fields: str, field: str, ids: list[str]) -> list[dict]:
        """The records whose ``field`` is one of ``ids`` (``WHERE field IN (…)``), a chunk of
        ids per query so that no SOQL statement grows past Salesforce's length limit."""
        records: list[dict] = []
        for start in range(0, len(ids), IDS_PER_QUERY):
            chunk = ", ".join(f"'{i}'" for i in ids[start : start + IDS_PER_QUERY])
            records += self.query(object_name, fields, f" WHERE {field} IN ({chunk})")
        return records

    def _call(self, what: str, call: Callable[[], T]) -> T:
        """``call`` through simple-salesforce, whose session retries a busy Salesforce; what
        Salesforce still refuses becomes a sentence for the admin."""
        import requests
        from simple_salesforce.exceptions import SalesforceError

        try:
            return call()
        except SalesforceError as error:
            if error.status in RETRIED_STATUSES:
                raise self.backoff.gave_up(what, error.status) from None
            raise CrmError(f"Salesforce answered {error.status}: {_said(error.content)}") from None
        except requests.RequestException as error:
            said = f"Salesforce could not be reached ({type(error).__name__})"
            raise self.backoff.gave_up(what, said) from None

    def deleted_ids(self, since: dt.datetime | None) -> list[str]:
        """The Opportunities deleted since ``since``, from Salesforce's delete log
        (sObject Get Deleted). Salesforce keeps at most 15 days of it: an older ``since``
        asks for those days only."""
        if since is None:  # a first sync: nothing of ours can have been deleted yet
            return []
        end = dt.datetime.now(dt.UTC).replace(microsecond=0)
        start = max(since, end - DELETE_LOG_DAYS)
        if start >= end:
            return []
        answer = self._call(
            "Reading deleted Opportunities from Salesforce",
            lambda: self.sf.Opportunity.deleted(start, end),  # type: ignore[operator]
        )
        return [str(r["id"]) for r in answer.get("deletedRecords") or [] if r.get("id")]

    def _in_recycle_bin(self, ids: list[str]) -> list[str]:
        """Which of ``ids`` Salesforce holds as deleted (queryAll sees deleted records)."""
        found: list[str] = []
        for start in range(0, len(ids), IDS_PER_QUERY):
            chunk = ", ".join(f"'{i}'" for i in ids[start : start + IDS_PER_QUERY])
            soql = f"SELECT Id FROM Opportunity WHERE Id IN ({chunk}) AND IsDeleted = true"
            answer = self._call(
                "Reading deleted Opportunities from Salesforce",
                partial(self.sf.query_all, soql, include_deleted=True),
            )
            found += [str(r["Id"]) for r in answer["records"]]
        return found

    def update_deal(self, record_id: str, fields: dict[str, str]) -> None:
        """Write ``fields`` to the Opportunity (a PATCH of its sObject row; 204 answers)."""
        self._call(
            f"Writing to Opportunity {record_id}",
            lambda: self.sf.Opportunity.update(record_id, fields),  # type: ignore[operator]
        )

    def fetch_deals(self, ids: list[str]) -> Fetched:
        """Only the named Opportunities (``WHERE Id IN (…)``), their accounts, competitors and
        contact roles; a named one Salesforce has deleted goes into ``deleted``."""
        ids = [i for i in ids if OPPORTUNITY_ID.fullmatch(i)]
        fetched = _fetched()
        opportunities = self.query_in("Opportunity", OPPORTUNITY_FIELDS, "Id", ids)
        fetched.deals.rows += [_flat(record) for record in opportunities]
        found = {row["Id"] for row in fetched.deals.rows}
        missing = [i for i in ids if i not in found]
        fetched.deleted = self._in_recycle_bin(missing) if missing else []
        if not found:
            return fetched
        account_ids = sorted(
            {row["AccountId"] for row in fetched.deals.rows if row.get("AccountId")}
        )
        if account_ids:
            accounts = self.query_in("Account", ACCOUNT_FIELDS, "Id", account_ids)
            fetched.accounts.rows += [_flat(record) for record in accounts]
        named = sorted(found)
        competitors = self.query_in(
            "OpportunityCompetitor", COMPETITOR_FIELDS, "OpportunityId", named
        )
        fetched.competitors.rows += [_flat(record) for record in competitors]
        roles = self.query_in("OpportunityContactRole", ROLE_FIELDS, "OpportunityId", named)
        fetched.contacts.rows += [_flat(record) for record in roles]
        return fetched

    def fetch(self, since: dt.datetime | None) -> Fetched:
        after = f" WHERE SystemModstamp > {soql_time(since)}" if since else ""
        fetched = _fetched()
        for record in self.query("Account", ACCOUNT_FIELDS, after):
            fetched.saw(modstamp(record.get("SystemModstamp")))
            fetched.accounts.rows.append(_flat(record))
        for record in self.query("Opportunity", OPPORTUNITY_FIELDS, after):
            fetched.saw(modstamp(record.get("SystemModstamp")))
            fetched.deals.rows.append(_flat(record))
        for record in self.query("OpportunityCompetitor", COMPETITOR_FIELDS, after):
            fetched.saw(modstamp(record.get("SystemModstamp")))
            fetched.competitors.rows.append(_flat(record))
        contacts = {}
        for record in self.query("Contact", CONTACT_FIELDS, after):
            fetched.saw(modstamp(record.get("SystemModstamp")))
            contacts[record["Id"]] = _flat(record)
        # A role whose contact changed (a new email, a new title) is read again with it.
        roles_after = f"{after} OR ContactId IN (SELECT Id FROM Contact{after})" if since else ""
        for record in self.query("OpportunityContactRole", ROLE_FIELDS, roles_after):
            fetched.saw(modstamp(record.get("SystemModstamp")))
            row = _flat(record)
            contact = contacts.get(row.get("ContactId", ""))
            if contact is not None:  # the Contact's own record is the newer word
                for name in ("FirstName", "LastName", "Email", "Title", "Phone"):
                    row[f"Contact.{name}"] = contact.get(name) or ""
            fetched.contacts.rows.append(row)
        fetched.deleted = self.deleted_ids(since)
        return fetched


def _fetched() -> Fetched:
    return Fetched(
        accounts=Records("Account", "Id"),
        deals=Records("Opportunity", "Id"),
        competitors=Records("OpportunityCompetitor", "Id"),
        contacts=Records("OpportunityContactRole", "Id"),
        deal_columns=DEAL_COLUMNS,
    )


def _flat(record: dict) -> dict:
    """A SOQL record with its parents' fields as ``Account.Name``, without ``attributes``."""
    row: dict[str, Any] = {}
    for name, value in record.items():
        if name == "attributes":
            continue
        if isinstance(value, dict):
            for inner, inner_value in value.items():
                if inner != "attributes":
                    row[f"{name}.{inner}"] = inner_value
        else:
            row[name] = value
    return row


def _json(response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _said(content: Any) -> str:
    """Salesforce's error list (``[{"message": …, "errorCode": …}]``) as one sentence."""
    if isinstance(content, list) and content and isinstance(content[0], dict):
        first = content[0]
        return f"{first.get('errorCode', '')}: {first.get('message', '')}".strip(": ")
    return str(content)[:300]
