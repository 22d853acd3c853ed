"""The probes a load balancer and monitors ask: is the process up, can it work; and the
metrics a Prometheus scrapes."""

import secrets

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from .readiness import readiness


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For monitors: the process answers. Whether it can work (database, files, queue) is
    ``readyz``: a database outage must not get every app process restarted."""
    return JsonResponse({"status": "ok"})


@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when this process can take traffic, 503 naming the check that fails."""
    found = readiness()
    return JsonResponse(found.as_json(), status=200 if found.ready else 503)


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus's text format, for whoever sends ``Authorization: Bearer <METRICS_TOKEN>``;
    no such address while no token is set. No session or role: a scraper is not a person."""
    expected = settings.METRICS_TOKEN
    if not expected:
        raise Http404
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return HttpResponse(
            "Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.\n",
            status=401,
            content_type="text/plain",
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    if not secrets.compare_digest(given.strip().encode(), expected.encode()):
        return HttpResponse("Wrong metrics token.\n", status=403, content_type="text/plain")
    from .metrics import exposition

    body, content_type = exposition()
    return HttpResponse(body, content_type=content_type)
