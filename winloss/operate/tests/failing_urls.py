"""The project's routes and one view that fails with a respondent's words at hand, for the
Sentry test: what it reads must not reach the report."""

import logging

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # posted by a bare HTTP client, with no form to take a token from
def fail(request: HttpRequest, token: str) -> HttpResponse:
    respondent = request.POST["email"]
    said = request.POST["quote"]
    logging.getLogger(__name__).info("Sending %r to %s", said, respondent)  # a breadcrumb
    raise RuntimeError(f"Could not send the quote ({len(said)} characters) to {respondent}")


urlpatterns = [
    path("fail/<str:token>/", fail, name="fail"),
    path("", include("winloss.urls")),
]
