"""The signed addresses a CRM calls when a deal changes: public (the CRM has no session), the
signature or the address's token is the check. Thin: check, enqueue the sync, answer."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from winloss.lib.enqueue import enqueue_on_commit

from . import webhooks
from .models import CrmKind, CrmWebhook
from .trigger_tasks import sync_after_webhook


def _webhook(pk: int, kind: str) -> CrmWebhook:
    return get_object_or_404(
        CrmWebhook.objects.select_related("connection"), connection_id=pk, connection__kind=kind
    )


@csrf_exempt  # HubSpot posts without a form; the v3 signature is the check
@require_POST
def hubspot(request: HttpRequest, pk: int) -> HttpResponse:
    webhook = _webhook(pk, CrmKind.HUBSPOT)
    try:
        webhooks.check_hubspot(
            webhook,
            method=request.method or "POST",
            # Behind a proxy the address HubSpot called is SITE_URL's, not the one we see.
            uris=[
                settings.SITE_URL.rstrip("/") + request.get_full_path(),
                request.build_absolute_uri(),
            ],
            body=request.body,
            signature=request.headers.get("X-HubSpot-Signature-v3", ""),
            timestamp=request.headers.get("X-HubSpot-Request-Timestamp", ""),
        )
        ids = webhooks.hubspot_deal_ids(request.body)
    except webhooks.Refused as refused:
        return JsonResponse({"error": str(refused)}, status=refused.status)
    if ids:
        enqueue_on_commit(sync_after_webhook, webhook.connection_id, ids, "HubSpot webhook")
    return JsonResponse({"deals": len(ids)})


@csrf_exempt  # Salesforce posts a SOAP message; the address's token and the org are the check
@require_POST
def salesforce(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    webhook = _webhook(pk, CrmKind.SALESFORCE)
    try:
        webhooks.check_salesforce_token(webhook, token)
        ids = webhooks.salesforce_opportunity_ids(webhook, request.body)
    except webhooks.Refused as refused:
        return HttpResponse(str(refused), status=refused.status, content_type="text/plain")
    if ids:
        enqueue_on_commit(
            sync_after_webhook, webhook.connection_id, ids, "Salesforce outbound message"
        )
    return HttpResponse(webhooks.SALESFORCE_ACK, content_type="text/xml; charset=utf-8")


@csrf_exempt  # a flow's callout; its HMAC signature over the timestamp and body is the check
@require_POST
def salesforce_events(request: HttpRequest, pk: int) -> HttpResponse:
    webhook = _webhook(pk, CrmKind.SALESFORCE)
    try:
        webhooks.check_salesforce_event(
            webhook,
            body=request.body,
            signature=request.headers.get("X-Winloss-Signature", ""),
            timestamp=request.headers.get("X-Winloss-Timestamp", ""),
        )
        ids = webhooks.salesforce_event_ids(request.body)
    except webhooks.Refused as refused:
        return JsonResponse({"error": str(refused)}, status=refused.status)
    if ids:
        enqueue_on_commit(
            sync_after_webhook, webhook.connection_id, ids, "Salesforce platform event"
        )
    return JsonResponse({"deals": len(ids)})
