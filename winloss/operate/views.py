from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from .readiness import readiness


@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when this process can take traffic, 503 naming the check that fails."""
    found = readiness()
    return JsonResponse(found.as_json(), status=200 if found.ready else 503)
