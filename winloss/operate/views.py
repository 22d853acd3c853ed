"""The probes a load balancer and monitors ask: is the process up, can it work."""

from django.http import HttpRequest, JsonResponse
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
