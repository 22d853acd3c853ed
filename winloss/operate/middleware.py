"""The probes answer before anything checks the request's host or scheme."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .views import healthz, readyz

PROBES = {"/healthz": healthz, "/readyz": readyz}


def probes(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """First in MIDDLEWARE. A container's health check, a load balancer or a monitor asks the
    process itself: by its address (``Host: 10.0.0.5:8000``, not a name in ALLOWED_HOSTS) and
    over plain HTTP, which HTTPS_ONLY would redirect. Neither check protects anything here —
    the probes say nothing about any workspace — and both would fail every probe."""

    def middleware(request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        return probe(request) if probe is not None else get_response(request)

    return middleware
