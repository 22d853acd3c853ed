"""Salesforce through ``simple-salesforce``: SOQL over the REST API, changes found by
``SystemModstamp`` (which, unlike ``LastModifiedDate``, also moves when the system changes a
record, and is indexed).

The connected app signs in with the OAuth 2.0 client credentials flow at the org's My Domain
address; the token is used at that same address (the ``instance_url`` the token answer names is
not followed, so a saved connection can only ever reach the address an admin typed).
"""

import datetime as dt
from typing import Any

from . import CrmError, Fetched, Records
from .backoff import RETRIED_STATUSES, Backoff, Busy, retry_after

API_VERSION = "59.0"
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

        self.base_url = connection.base_url.rstrip("/")
        self.backoff = backoff
        self.session = requests.Session()
        self._last_retry_after: str | None = None
        # simple-salesforce raises without the response's headers: keep Retry-After here.
        self.session.hooks["response"].append(self._remember)
        token = backoff.run(
            "Signing in to Salesforce", lambda: self._token(connection.client_id, secret)
        )
        from simple_salesforce import Salesforce

        self.sf = Salesforce(
            instance_url=self.base_url,
            session_id=token,
            session=self.session,
            version=API_VERSION,
        )

    def _remember(self, response, *args: Any, **kwargs: Any) -> None:
        self._last_retry_after = response.headers.get("Retry-After")

    def _token(self, client_id: str, secret: str) -> str:
        import requests

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
            raise Busy(f"Salesforce could not be reached ({type(error).__name__})") from None
        if response.status_code in RETRIED_STATUSES:
            raise Busy(f"{response.status_code}", retry_after(response.headers.get("Retry-After")))
        body = _json(response)
        if response.status_code != 200 or "access_token" not in body:
            said = body.get("error_description") or body.get("error") or response.reason
            raise CrmError(
                f"Salesforce refused the consumer key and secret ({said}). Check the connected "
                "app's client credentials flow and its run-as user."
            )
        return str(body["access_token"])

    def _query(self, soql: str) -> list[dict]:
        import requests
        from simple_salesforce.exceptions import SalesforceError

        try:
            return list(self.sf.query_all(soql)["records"])
        except SalesforceError as error:
            if error.status in RETRIED_STATUSES:
                raise Busy(f"{error.status}", retry_after(self._last_retry_after)) from None
            raise CrmError(f"Salesforce answered {error.status}: {_said(error.content)}") from None
        except requests.RequestException as error:
            raise Busy(f"Salesforce could not be reached ({type(error).__name__})") from None

    def query(self, object_name: str, fields: str, where: str) -> list[dict]:
        soql = f"SELECT {fields}, SystemModstamp FROM {object_name}{where} ORDER BY SystemModstamp"
        return self.backoff.run(f"Reading {object_name} from Salesforce", lambda: self._query(soql))

    def update_deal(self, record_id: str, fields: dict[str, str]) -> None:
        """Write ``fields`` to the Opportunity (a PATCH of its sObject row; 204 answers)."""
        import requests
        from simple_salesforce.exceptions import SalesforceError

        def call() -> None:
            try:
                self.sf.Opportunity.update(record_id, fields)  # type: ignore[operator]
            except SalesforceError as error:
                if error.status in RETRIED_STATUSES:
                    raise Busy(f"{error.status}", retry_after(self._last_retry_after)) from None
                raise CrmError(
                    f"Salesforce answered {error.status}: {_said(error.content)}"
                ) from None
            except requests.RequestException as error:
                raise Busy(f"Salesforce could not be reached ({type(error).__name__})") from None

        self.backoff.run(f"Writing to Opportunity {record_id}", call)

    def fetch(self, since: dt.datetime | None) -> Fetched:
        after = f" WHERE SystemModstamp > {soql_time(since)}" if since else ""
        fetched = Fetched(
            accounts=Records("Account", "Id"),
            deals=Records("Opportunity", "Id"),
            competitors=Records("OpportunityCompetitor", "Id"),
            contacts=Records("OpportunityContactRole", "Id"),
            deal_columns=DEAL_COLUMNS,
        )
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
        return fetched


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
