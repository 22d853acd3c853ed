"""Every request gets an id, a log line when it ends and, with metrics on, its timing; the
probes answer before anything checks the request's host or scheme.

``RequestMiddleware`` is first in ``MIDDLEWARE``, so that it times everything after it and
every response (a static file, a 500 page, a lockout) carries the id back as ``X-Request-ID``.
``probes`` comes right after it.
"""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import resolve

from .logs import LogContext, bound, request_id_from

logger = logging.getLogger("winloss.request")

# Probes come every few seconds from a load balancer or Prometheus: their lines are DEBUG,
# unless they fail.
QUIET_VIEWS = frozenset({"healthz", "readyz", "metrics"})


class RequestMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.observe: Callable[[HttpRequest, HttpResponse, float], None] | None = None
        if settings.METRICS_TOKEN:
            # Only when metrics are on: prometheus_client costs every process its import.
            from .metrics import observe_request

            self.observe = observe_request

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get("X-Request-ID"))
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        with bound(LogContext(request=request, request_id=request_id)) as context:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            response["X-Request-ID"] = request_id
            match = request.resolver_match
            quiet = match is not None and match.view_name in QUIET_VIEWS
            level = logging.DEBUG if quiet and response.status_code < 400 else logging.INFO
            if response.status_code >= 500:
                # Seen with LOG_LEVEL=WARNING; not ERROR, which Sentry would file a second time
                # beside the error itself.
                level = logging.WARNING
            logger.log(
                level,
                "%s %s %s %.0fms",
                request.method,
                context.path,
                response.status_code,
                seconds * 1000,
                extra={"status": response.status_code, "duration_ms": round(seconds * 1000, 1)},
            )
        if self.observe is not None:
            self.observe(request, response, seconds)
        return response


PROBE_PATHS = frozenset({"/healthz", "/readyz"})


def probes(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """A container's health check, a load balancer or a monitor asks the process itself: by its
    address (``Host: 10.0.0.5:8000``, not a name in ALLOWED_HOSTS) and over plain HTTP, which
    HTTPS_ONLY would redirect. Neither check protects anything here — the probes say nothing
    about any workspace — and both would fail every probe, so the probes answer first."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path_info not in PROBE_PATHS:
            return get_response(request)
        # Resolved as Django would, so the request's log line and metrics name the view.
        request.resolver_match = match = resolve(request.path_info)
        return match.func(request, *match.args, **match.kwargs)

    return middleware
