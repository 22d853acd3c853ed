"""HubSpot through its official client (``hubspot-api-client``): the CRM search API for deals,
companies and contacts changed since the cursor (``hs_lastmodifieddate``), and the v4
associations API for which company and contacts each deal has.

A private app's access token signs every call. Competitors come from a deal property the admin
names (HubSpot has no competitor object); a multiple-checkbox property gives several, as
HubSpot writes them: separated by semicolons.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from . import CrmError, Fetched, Records
from .backoff import RETRIED_STATUSES, Backoff

PAGE = 100  # the search API's page size, at most 200
RESULTS_PER_SEARCH = 10_000  # HubSpot answers no more per search query (its documented limit)
BATCH = 1000  # ids per associations batch read, HubSpot's limit
BATCH_READ = 100  # ids per objects batch read, HubSpot's limit
DEAL_PROPERTIES = [
    "dealname", "dealstage", "pipeline", "closedate", "amount", "createdate", "hs_is_closed",
    "hs_is_closed_won", "deal_currency_code", "hs_lastmodifieddate", "hubspot_owner_id",
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
    # Not deal properties: the owner's name and email from the owners API.
    "owner_name": "owner_name",
    "owner_email": "owner_email",
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

        self.client = HubSpot(
            access_token=secret, host=connection.base_url.rstrip("/"), retry=backoff.retry()
        )
        self.backoff = backoff
        self.competitor_property = connection.competitor_property.strip()
        self._owners: dict[str, dict[str, str]] | None = None

    def _call(self, what: str, call: Callable[..., Any], **arguments: Any) -> Any:
        """``call`` through the client, whose pool retries a busy HubSpot (``backoff``); what
        HubSpot still refuses becomes a sentence for the admin."""
        import urllib3

        try:
            return call(**arguments)
        except urllib3.exceptions.HTTPError as error:
            said = f"HubSpot could not be reached ({type(error).__name__})"
            raise self.backoff.gave_up(what, said) from None
        except Exception as error:
            status = getattr(error, "status", None)
            if status is None or not type(error).__module__.startswith("hubspot"):
                raise
            if status in RETRIED_STATUSES:
                raise self.backoff.gave_up(what, status) from None
            raise CrmError(f"HubSpot answered {status}: {_said(error)}") from None

    def search(self, object_type: str, properties: list[str], since: dt.datetime | None):
        """Every record of ``object_type`` changed after ``since``, oldest change first.

        HubSpot's search answers at most 10,000 results per query (paging further is refused
        with a 400). Past that the search starts again from the last modification time seen
        (``GTE``), skipping the records already given: windows of ``hs_lastmodifieddate``."""
        import importlib

        models = importlib.import_module(f"hubspot.crm.{object_type}")
        api = getattr(self.client.crm, object_type).search_api
        operator = "GT"
        start = str(int(since.timestamp() * 1000)) if since is not None else None
        given: set[str] = set()
        while True:
            groups = []
            if start is not None:
                groups = [
                    models.FilterGroup(
                        filters=[
                            models.Filter(
                                property_name="hs_lastmodifieddate", operator=operator, value=start
                            )
                        ]
                    )
                ]
            after: str | None = None
            in_window, last = 0, None
            while True:
                request = models.PublicObjectSearchRequest(
                    filter_groups=groups,
                    properties=properties,
                    sorts=["hs_lastmodifieddate"],
                    limit=PAGE,
                    after=after,
                )
                page = self._call(
                    f"Searching HubSpot {object_type}",
                    api.do_search,
                    public_object_search_request=request,
                )
                for record in page.results:
                    in_window += 1
                    last = record.properties.get("hs_lastmodifieddate") or last
                    if str(record.id) not in given:
                        given.add(str(record.id))
                        yield record
                following = page.paging.next if page.paging else None
                if following is None or not following.after:
                    return
                if in_window + PAGE > RESULTS_PER_SEARCH:
                    break  # the next page would pass the cap: a new window
                after = following.after
            moment = modified(last)
            next_start = str(int(moment.timestamp() * 1000)) if moment else None
            if next_start is None or (operator == "GTE" and next_start == start):
                raise CrmError(
                    f"More than {RESULTS_PER_SEARCH:,} HubSpot {object_type} share the "
                    f"modification time {last}; HubSpot's search cannot page past them."
                )
            operator, start = "GTE", next_start

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
            answer = self._call(
                f"Reading HubSpot {from_type} to {to_type} associations",
                api.get_page,
                from_object_type=from_type,
                to_object_type=to_type,
                batch_input_public_fetch_associations_batch_request=body,
            )
            yield from answer.results or []

    def update_deal(self, deal_id: str, fields: dict[str, str]) -> None:
        """Write ``fields`` to the deal's properties (a PATCH of the deal)."""
        from hubspot.crm.deals import SimplePublicObjectInput

        body = SimplePublicObjectInput(properties=fields)
        self._call(
            f"Writing to HubSpot deal {deal_id}",
            self.client.crm.deals.basic_api.update,
            deal_id=deal_id,
            simple_public_object_input=body,
        )

    def _deal_properties(self) -> list[str]:
        return DEAL_PROPERTIES + ([self.competitor_property] if self.competitor_property else [])

    def batch_read(
        self, object_type: str, ids: list[str], properties: list[str], *, archived: bool = False
    ) -> list[Any]:
        """The records of ``ids`` (batch read by id); an id HubSpot does not have (or, with
        ``archived``, has not archived) is left out, as HubSpot answers it in ``errors``."""
        import importlib

        models = importlib.import_module(f"hubspot.crm.{object_type}")
        api = getattr(self.client.crm, object_type).batch_api
        found: list[Any] = []
        for start in range(0, len(ids), BATCH_READ):
            body = models.BatchReadInputSimplePublicObjectId(
                inputs=[models.SimplePublicObjectId(id=i) for i in ids[start : start + BATCH_READ]],
                properties=properties,
                properties_with_history=[],
            )
            answer = self._call(
                f"Reading HubSpot {object_type} by id",
                api.read,
                batch_read_input_simple_public_object_id=body,
                archived=archived,
            )
            found += answer.results or []
        return found

    def archived_deal_ids(self, since: dt.datetime | None) -> list[str]:
        """The deals archived (deleted) in HubSpot after ``since``: the deals list with
        ``archived=true``, which holds them for the 90 days HubSpot lets them be restored."""
        if since is None:  # a first sync: nothing of ours can have been deleted yet
            return []
        api = self.client.crm.deals.basic_api
        ids, after = [], None
        while True:
            page = self._call(
                "Reading archived HubSpot deals",
                api.get_page,
                limit=PAGE,
                after=after,
                archived=True,
            )
            for deal in page.results:
                if deal.archived_at is None or deal.archived_at > since:
                    ids.append(str(deal.id))
            following = page.paging.next if page.paging else None
            if following is None or not following.after:
                return ids
            after = following.after

    def owners(self) -> dict[str, dict[str, str]]:
        """Owner id -> name and email (the owners API), the active owners and the
        deactivated ones, whose deals keep their name. Read once per reader."""
        if self._owners is None:
            self._owners = {}
            api = self.client.crm.owners.owners_api
            for archived in (False, True):
                after = None
                while True:
                    page = self._call(
                        "Reading HubSpot owners",
                        api.get_page,
                        limit=PAGE,
                        after=after,
                        archived=archived,
                    )
                    for owner in page.results:
                        name = " ".join(p for p in (owner.first_name, owner.last_name) if p)
                        self._owners.setdefault(
                            str(owner.id), {"owner_name": name, "owner_email": owner.email or ""}
                        )
                    following = page.paging.next if page.paging else None
                    if following is None or not following.after:
                        break
                    after = following.after
        return self._owners

    def fetch(self, since: dt.datetime | None) -> Fetched:
        fetched = _fetched()
        companies = self.search("companies", COMPANY_PROPERTIES, since)
        deals = self.search("deals", self._deal_properties(), since)
        contacts = self.search("contacts", CONTACT_PROPERTIES, since)
        self._gather(fetched, companies, deals, contacts, contacts_changed=True)
        fetched.deleted = self.archived_deal_ids(since)
        return fetched

    def fetch_deals(self, ids: list[str]) -> Fetched:
        """Only the named deals (a batch read by id), their companies and contacts; a named
        deal that HubSpot has archived goes into ``deleted``."""
        ids = [i for i in ids if i.isdigit()]
        fetched = _fetched()
        deals = self.batch_read("deals", ids, self._deal_properties())
        found = {str(deal.id) for deal in deals}
        missing = [i for i in ids if i not in found]
        if missing:
            archived = self.batch_read("deals", missing, ["hs_object_id"], archived=True)
            fetched.deleted = [str(deal.id) for deal in archived]
        if not found:
            return fetched
        company_ids = sorted({
            str(target.to_object_id)
            for link in self.associations("deals", "companies", sorted(found))
            for target in link.to
        })  # fmt: skip
        contact_ids = sorted({
            str(target.to_object_id)
            for link in self.associations("deals", "contacts", sorted(found))
            for target in link.to
        })  # fmt: skip
        companies = self.batch_read("companies", company_ids, COMPANY_PROPERTIES)
        contacts = self.batch_read("contacts", contact_ids, CONTACT_PROPERTIES)
        self._gather(fetched, companies, deals, contacts, contacts_changed=False)
        return fetched

    def _gather(
        self,
        fetched: Fetched,
        companies: Iterable[Any],
        deals_read: Iterable[Any],
        contacts_read: Iterable[Any],
        *,
        contacts_changed: bool,
    ) -> None:
        """The records read into ``fetched``'s rows: each deal with its primary company, its
        owner's name and email, its competitors and its contacts with their labels. With
        ``contacts_changed`` the contacts read are changed ones, whose own deals are read too."""
        names: dict[str, str] = {}
        for company in companies:
            p = company.properties
            fetched.saw(modified(p.get("hs_lastmodifieddate")))
            names[str(company.id)] = p.get("name") or ""
            fetched.accounts.rows.append({
                "Id": str(company.id), "Name": p.get("name") or "", "Industry": p.get("industry"),
                "BillingCountry": p.get("country"), "AnnualRevenue": p.get("annualrevenue"),
                "NumberOfEmployees": p.get("numberofemployees"),
            })  # fmt: skip
        deals: dict[str, dict] = {}
        for deal in deals_read:
            p = deal.properties
            fetched.saw(modified(p.get("hs_lastmodifieddate")))
            row = {name: p.get(name) for name in DEAL_COLUMNS if name in p}
            row["hs_object_id"] = str(deal.id)
            owner_id = p.get("hubspot_owner_id")
            if owner_id:
                row.update(self.owners().get(str(owner_id), {}))
            deals[str(deal.id)] = row
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
                row["company"] = names.get(company_id, "")
        fetched.deals.rows.extend(deals.values())
        contacts = {}
        for contact in contacts_read:
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
        if contacts_changed:
            for found in self.associations("contacts", "deals", list(contacts)):
                for target in found.to:
                    pairs.setdefault(
                        (str(target.to_object_id), str(found._from.id)), _label(target)
                    )
        for (deal_id, contact_id), role in pairs.items():
            fetched.contacts.rows.append({
                "OpportunityId": deal_id, "ContactId": contact_id, "Role": role,
                **contacts.get(contact_id, {}),
            })  # fmt: skip


def _fetched() -> Fetched:
    return Fetched(
        accounts=Records("Company", "Id"),
        deals=Records("Deal", "hs_object_id"),
        competitors=Records("Deal", "OpportunityId"),
        contacts=Records("Contact", "ContactId"),
        deal_columns=DEAL_COLUMNS,
    )


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
