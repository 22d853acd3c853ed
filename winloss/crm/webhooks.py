"""The CRMs' calls to us: checking who sent them, and which deals they name.

HubSpot signs each webhook request (signature v3): base64 of HMAC-SHA256, keyed with the
app's client secret, over method + full URI + body + the ``X-HubSpot-Request-Timestamp``
header; a timestamp older than five minutes is refused, so a recorded request cannot be
replayed. Salesforce's Outbound Messages carry no signature: the address holds a secret
token, and the message must name the connection's organization. A Salesforce platform event
reaches us as a callout an admin's flow makes (its Apex action signs it): hex HMAC-SHA256,
keyed with the same token, over the ``X-Winloss-Timestamp`` header (Unix seconds), a dot and
the body, sent as ``X-Winloss-Signature: sha256=…``; five minutes old at most. Only the ids
are taken from a payload; the deal itself is read again from the CRM through the sync.
"""

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import xml.etree.ElementTree as ElementTree
from urllib.parse import unquote

from django.db import transaction
from django.utils import timezone

from winloss.activity.services import log_action
from winloss.lib.errors import DomainError

from .models import CrmConnection, CrmWebhook
from .secrets import decrypt, encrypt

MAX_AGE = dt.timedelta(minutes=5)
OPPORTUNITY_ID = re.compile(r"006[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?")
MOST_IDS = 2000  # more than one callout's worth of events: refused, not read
HUBSPOT_PROPERTIES = {"dealstage", "hs_is_closed"}
# A deleted (archived) or restored deal is read too: the sync marks or unmarks it.
HUBSPOT_EVENTS = {"deal.deletion", "deal.restore"}
OUTBOUND_NS = "http://soap.sforce.com/2005/09/outbound"
SOBJECT_NS = "urn:sobject.enterprise.soap.sforce.com"
# The answer Salesforce documents for a delivered notification; anything else and it retries.
SALESFORCE_ACK = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
    "<soapenv:Body>"
    f'<notificationsResponse xmlns="{OUTBOUND_NS}"><Ack>true</Ack></notificationsResponse>'
    "</soapenv:Body></soapenv:Envelope>"
)


class Refused(DomainError):
    """A call we do not accept; ``status`` is the answer (401: not signed by the CRM, 403:
    signed, but not for this connection, 400: not a notification we read)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@transaction.atomic
def save_webhook(
    *, connection: CrmConnection, user, secret: str = "", organization_id: str = ""
) -> CrmWebhook:
    """Store the secret that signs the CRM's calls (encrypted), and Salesforce's org id; a
    blank secret keeps the saved one."""
    webhook = CrmWebhook.objects.filter(connection=connection).first() or CrmWebhook(
        connection=connection
    )
    if not secret and not webhook.secret_encrypted:
        raise DomainError("Enter the secret: HubSpot's app client secret, or a long random token.")
    if secret:
        webhook.secret_encrypted = encrypt(secret)
    webhook.organization_id = organization_id.strip()
    webhook.save()
    log_action(connection, "crm.webhook_saved", user=user)
    return webhook


def hubspot_signature(secret: str, method: str, uri: str, body: bytes, timestamp: str) -> str:
    source = method.encode() + uri.encode() + body + timestamp.encode()
    digest = hmac.new(secret.encode(), source, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def check_hubspot(
    webhook: CrmWebhook,
    *,
    method: str,
    uris: list[str],
    body: bytes,
    signature: str,
    timestamp: str,
    now: dt.datetime | None = None,
) -> None:
    """Refuse (401) a request HubSpot did not sign with the app's secret, or signed too long
    ago. ``uris`` are the addresses HubSpot may have called: the one we show (``SITE_URL``)
    and the one the request arrived at. HubSpot signs the URI with some characters decoded
    (its docs list them): ours has none of those, but the decoded forms are tried too."""
    now = now or timezone.now()
    try:
        sent = dt.datetime.fromtimestamp(int(timestamp) / 1000, dt.UTC)
    except (TypeError, ValueError):
        raise Refused("No valid X-HubSpot-Request-Timestamp.", 401) from None
    if abs(now - sent) > MAX_AGE:
        raise Refused("The request is older than five minutes.", 401)
    secret = decrypt(webhook.secret_encrypted)
    for candidate in {form for uri in uris for form in (uri, unquote(uri))}:
        expected = hubspot_signature(secret, method, candidate, body, timestamp)
        if hmac.compare_digest(expected, signature or ""):
            return
    raise Refused("The signature does not match.", 401)


def hubspot_deal_ids(body: bytes) -> list[str]:
    """The deals whose stage or closed flag changed, or that were deleted or restored, from a
    batch of HubSpot events."""
    try:
        events = json.loads(body)
    except ValueError:
        raise Refused("The body is not JSON.", 400) from None
    if not isinstance(events, list):
        raise Refused("HubSpot sends a list of events.", 400)
    ids = []
    for event in events:
        if not isinstance(event, dict) or not str(event.get("objectId") or "").isdigit():
            continue
        kind = event.get("subscriptionType")
        if kind in HUBSPOT_EVENTS or (
            kind == "deal.propertyChange" and event.get("propertyName") in HUBSPOT_PROPERTIES
        ):
            ids.append(str(event["objectId"]))
    return sorted(set(ids))


def check_salesforce_token(webhook: CrmWebhook, token: str) -> None:
    if not hmac.compare_digest(decrypt(webhook.secret_encrypted), token):
        raise Refused("The address's token is not this connection's.", 401)


def salesforce_opportunity_ids(webhook: CrmWebhook, body: bytes) -> list[str]:
    """The Opportunity ids of an Outbound Message, once its OrganizationId is the
    connection's (403 otherwise)."""
    if b"<!DOCTYPE" in body.upper() or b"<!ENTITY" in body.upper():
        raise Refused("A notification has no document type.", 400)  # no entity expansion
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise Refused("The body is not a SOAP message.", 400) from None
    notifications = root.find(f".//{{{OUTBOUND_NS}}}notifications")
    if notifications is None:
        raise Refused("The message has no notifications.", 400)
    org = (notifications.findtext(f"{{{OUTBOUND_NS}}}OrganizationId") or "").strip()
    # Salesforce ids come in 15- and 18-character forms; the first 15 are the same.
    if not webhook.organization_id or org[:15] != webhook.organization_id[:15]:
        raise Refused("The message is from another Salesforce organization.", 403)
    ids = []
    for notification in notifications.iter(f"{{{OUTBOUND_NS}}}Notification"):
        sobject = notification.find(f"{{{OUTBOUND_NS}}}sObject")
        if sobject is None:
            continue
        record_id = (sobject.findtext(f"{{{SOBJECT_NS}}}Id") or "").strip()
        if record_id.startswith("006") and record_id.isalnum():  # 006: an Opportunity
            ids.append(record_id)
    return sorted(set(ids))


def event_signature(secret: str, timestamp: str, body: bytes) -> str:
    """The signature of a platform-event callout: hex HMAC-SHA256 over timestamp, ".", body."""
    source = timestamp.encode() + b"." + body
    return hmac.new(secret.encode(), source, hashlib.sha256).hexdigest()


def check_salesforce_event(
    webhook: CrmWebhook,
    *,
    body: bytes,
    signature: str,
    timestamp: str,
    now: dt.datetime | None = None,
) -> None:
    """Refuse (401) a callout not signed with the connection's token, or signed too long ago."""
    now = now or timezone.now()
    try:
        sent = dt.datetime.fromtimestamp(int(timestamp), dt.UTC)
    except (TypeError, ValueError, OverflowError):
        raise Refused("No valid X-Winloss-Timestamp.", 401) from None
    if abs(now - sent) > MAX_AGE:
        raise Refused("The request is older than five minutes.", 401)
    expected = event_signature(decrypt(webhook.secret_encrypted), timestamp, body)
    if not hmac.compare_digest(expected, (signature or "").removeprefix("sha256=")):
        raise Refused("The signature does not match.", 401)


def salesforce_event_ids(body: bytes) -> list[str]:
    """The Opportunity ids a platform-event callout names: any field value that is one, in
    the event as CometD delivers it (``{"data": {"payload": {…}}, "channel": …}``), a list of
    events, or ``{"opportunityIds": […]}``."""
    try:
        message = json.loads(body)
    except ValueError:
        raise Refused("The body is not JSON.", 400) from None
    found: set[str] = set()
    pending: list[tuple[object, int]] = [(message, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str) and OPPORTUNITY_ID.fullmatch(value):
            found.add(value)
        elif isinstance(value, dict) and depth < 6:
            pending += [(inner, depth + 1) for inner in value.values()]
        elif isinstance(value, list) and depth < 6:
            pending += [(inner, depth + 1) for inner in value]
    if len(found) > MOST_IDS:
        raise Refused(f"A callout names at most {MOST_IDS} opportunities.", 400)
    return sorted(found)
