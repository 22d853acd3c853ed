"""HubSpot through its official client (``hubspot-api-client``): the CRM search API for deals,
companies and contacts changed since the cursor (``hs_lastmodifieddate``), and the v4
associations API for which company and contacts each deal has.

A private app's access token signs every call. Competitors come from a deal property the admin
names (HubSpot has no competitor object); a multiple-checkbox property gives several, as
HubSpot writes them: separated by semicolons.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from . import CrmError, Fetched, Records
from .backoff import RETRIED_STATUSES, Backoff, Busy, retry_after

PAGE = 100  # the search API's page size, at most 200
BATCH = 1000  # ids per associations batch read, HubSpot's limit
DEAL_PROPERTIES = [
    "dealname", "dealstage", "pipeline", "closedate", "amount", "createdate", "hs_is_closed",
    "hs_is_closed_won", "deal_currency_code", "hs_lastmodifieddate",
]  # fmt: skip
COMPANY_PROPERTIES = [
    "name", "industry", "country", "annualrevenue", "numberofemployees", "hs_lastmodifieddate",
]  # fmt: skip
CONTACT_PROPERTIES = [
    "firstname", "lastname", "email", "jobtitle", "phone", "hs_lastmodifieddate",
]  # fmt: skip
DEAL_COLUMNS = {
    "hs_object_id": "crm_id",
    "dealname": "name",
    "company": "account",
    "company_id": "account_crm_id",
    "dealstage": "stage",
    "hs_is_closed": "is_closed",
    "hs_is_closed_won": "is_won",
    "closedate": "close_date",
    "amount": "amount",
    "createdate": "created_date",
    "deal_currency_code": "currency",
}
PRIMARY_COMPANY_TYPE = 5  # HubSpot-defined "deal to company, primary"


def modified(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


class HubSpotReader:
    name = "HubSpot"

    def __init__(self, connection, secret: str, backoff: Backoff) -> None:
        from hubspot import HubSpot

        self.client = HubSpot(access_token=secret, host=connection.base_url.rstrip("/"))
        self.backoff = backoff
        self.competitor_property = connection.competitor_property.strip()

    def _call(self, call: Callable[..., Any], **arguments: Any) -> Any:
        import urllib3

        try:
            return call(**arguments)
        except urllib3.exceptions.HTTPError as error:
            raise Busy(f"HubSpot could not be reached ({type(error).__name__})") from None
        except Exception as error:
            status = getattr(error, "status", None)
            if status is None or not type(error).__module__.startswith("hubspot"):
                raise
            headers = getattr(error, "headers", None) or {}
            if status in RETRIED_STATUSES:
                raise Busy(f"{status}", retry_after(headers.get("Retry-After"))) from None
            raise CrmError(f"HubSpot answered {status}: {_said(error)}") from None

    def search(self, object_type: str, properties: list[str], since: dt.datetime | None):
        """Every record of ``object_type`` changed after ``since``, oldest change first."""
        import importlib

        models = importlib.import_module(f"hubspot.crm.{object_type}")
        api = getattr(self.client.crm, object_type).search_api
        groups = []
        if since is not None:
            millis = str(int(since.timestamp() * 1000))
            groups = [
                models.FilterGroup(
                    filters=[
                        models.Filter(
                            property_name="hs_lastmodifieddate", operator="GT", value=millis
                        )
                    ]
                )
            ]
        after: str | None = None
        while True:
            request = models.PublicObjectSearchRequest(
                filter_groups=groups,
                properties=properties,
                sorts=["hs_lastmodifieddate"],
                limit=PAGE,
                after=after,
            )
            page = self.backoff.run(
                f"Searching HubSpot {object_type}",
                partial(self._call, api.do_search, public_object_search_request=request),
            )
            yield from page.results
            following = page.paging.next if page.paging else None
            if following is None or not following.after:
                return
            after = following.after

    def associations(self, from_type: str, to_type: str, ids: list[str]) -> Iterator[Any]:
        from hubspot.crm.associations.v4 import (
            BatchInputPublicFetchAssociationsBatchRequest,
            PublicFetchAssociationsBatchRequest,
        )

        api = self.client.crm.associations.v4.batch_api
        for start in range(0, len(ids), BATCH):
            body = BatchInputPublicFetchAssociationsBatchRequest(
                inputs=[
                    PublicFetchAssociationsBatchRequest(id=i) for i in ids[start : start + BATCH]
                ]
            )
            answer = self.backoff.run(
                f"Reading HubSpot {from_type} to {to_type} associations",
                partial(
                    self._call,
                    api.get_page,
                    from_object_type=from_type,
                    to_object_type=to_type,
                    batch_input_public_fetch_associations_batch_request=body,
                ),
            )
            yield from answer.results or []

    def update_deal(self, deal_id: str, fields: dict[str, str]) -> None:
        """Write ``fields`` to the deal's properties (a PATCH of the deal)."""
        from hubspot.crm.deals import SimplePublicObjectInput

        body = SimplePublicObjectInput(properties=fields)
        self.backoff.run(
            f"Writing to HubSpot deal {deal_id}",
            partial(
                self._call,
                self.client.crm.deals.basic_api.update,
                deal_id=deal_id,
                simple_public_object_input=body,
            ),
        )

    def fetch(self, since: dt.datetime | None) -> Fetched:
        fetched = Fetched(
            accounts=Records("Company", "Id"),
            deals=Records("Deal", "hs_object_id"),
            competitors=Records("Deal", "OpportunityId"),
            contacts=Records("Contact", "ContactId"),
            deal_columns=DEAL_COLUMNS,
        )
        companies: dict[str, str] = {}
        for company in self.search("companies", COMPANY_PROPERTIES, since):
            p = company.properties
            fetched.saw(modified(p.get("hs_lastmodifieddate")))
            companies[str(company.id)] = p.get("name") or ""
            fetched.accounts.rows.append({
                "Id": str(company.id), "Name": p.get("name") or "", "Industry": p.get("industry"),
                "BillingCountry": p.get("country"), "AnnualRevenue": p.get("annualrevenue"),
                "NumberOfEmployees": p.get("numberofemployees"),
            })  # fmt: skip
        deal_properties = DEAL_PROPERTIES + (
            [self.competitor_property] if self.competitor_property else []
        )
        deals = {}
        for deal in self.search("deals", deal_properties, since):
            p = deal.properties
            fetched.saw(modified(p.get("hs_lastmodifieddate")))
            deals[str(deal.id)] = {name: p.get(name) for name in DEAL_COLUMNS if name in p}
            deals[str(deal.id)]["hs_object_id"] = str(deal.id)
            for name in _choices(
                p.get(self.competitor_property) if self.competitor_property else ""
            ):
                fetched.competitors.rows.append(
                    {"OpportunityId": str(deal.id), "CompetitorName": name}
                )
        for found in self.associations("deals", "companies", list(deals)):
            targets = sorted(
                found.to,
                key=lambda t: (
                    not any(a.type_id == PRIMARY_COMPANY_TYPE for a in t.association_types or [])
                ),
            )
            if targets:
                company_id = str(targets[0].to_object_id)
                row = deals[str(found._from.id)]
                row["company_id"] = company_id
                row["company"] = companies.get(company_id, "")
        fetched.deals.rows.extend(deals.values())
        contacts = {}
        for contact in self.search("contacts", CONTACT_PROPERTIES, since):
            p = contact.properties
            fetched.saw(modified(p.get("hs_lastmodifieddate")))
            contacts[str(contact.id)] = {
                "Contact.FirstName": p.get("firstname") or "",
                "Contact.LastName": p.get("lastname") or "",
                "Contact.Email": p.get("email") or "",
                "Contact.Title": p.get("jobtitle") or "",
                "Contact.Phone": p.get("phone") or "",
            }
        # Who took part in a changed deal, and the deals of a changed contact.
        pairs: dict[tuple[str, str], str] = {}
        for found in self.associations("deals", "contacts", list(deals)):
            for target in found.to:
                pairs[(str(found._from.id), str(target.to_object_id))] = _label(target)
        for found in self.associations("contacts", "deals", list(contacts)):
            for target in found.to:
                pairs.setdefault((str(target.to_object_id), str(found._from.id)), _label(target))
        for (deal_id, contact_id), role in pairs.items():
            fetched.contacts.rows.append({
                "OpportunityId": deal_id, "ContactId": contact_id, "Role": role,
                **contacts.get(contact_id, {}),
            })  # fmt: skip
        return fetched


def _choices(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def _label(target) -> str:
    """The association's label ("Decision maker"), which plays Salesforce's contact role."""
    labels = [a.label for a in target.association_types or [] if a.label]
    return labels[0] if labels else ""


def _said(error: Any) -> str:
    import json

    try:
        body = json.loads(error.body)
    except (TypeError, ValueError):
        return str(getattr(error, "reason", "")) or "an error"
    return str(body.get("message") or body.get("category") or error.reason)[:300]
