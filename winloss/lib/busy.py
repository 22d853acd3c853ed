"""A database too busy to answer gets a "try again in a moment" page (503), never a 500.

SQLite has one writer at a time: a request that waits longer than its busy timeout for the
write lock fails with "database is locked". Nothing is wrong with the request, and nothing was
saved (its transaction rolled back), so the right answer is to say so and ask for a retry.
Used as Django's ``handler500``: it sees every unhandled error, from views and middleware alike.
"""

import sys

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.defaults import server_error

RETRY_AFTER_SECONDS = 5
# SQLite's SQLITE_BUSY and SQLITE_LOCKED; PostgreSQL's lock_timeout.
BUSY_MESSAGES = ("database is locked", "database table is locked", "lock timeout")


def is_busy(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError) and any(
        message in str(error) for message in BUSY_MESSAGES
    )


def handle_error(request: HttpRequest) -> HttpResponse:
    if not is_busy(sys.exc_info()[1]):
        # The page gives the request's id (also in every log line of it), for the person to
        # quote to whoever reads the logs. Rendered without the request's context processors:
        # whatever failed may be what they read.
        reference = getattr(request, "request_id", "")
        try:
            page = render_to_string("500.html", {"request_id": reference})
        except Exception:  # a broken template must not hide the error page itself
            return server_error(request)
        return HttpResponse(page, status=500)
    text = (
        "winloss is busy saving other work and could not finish this request. Nothing was "
        f"changed. Try again in {RETRY_AFTER_SECONDS} seconds."
    )
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": text}, status=503)
    else:
        # No request context: its processors read the database this page is about.
        page = render_to_string("busy.html", {"text": text, "again": request.get_full_path()})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
