"""Unexpected errors reported to Sentry (``SENTRY_DSN``), without a word of any respondent's.

An event keeps what finds the bug — the exception's type and message, the stack (file, line,
function and the code around it), the view, the request's method and path, the release — and
loses what may hold what a respondent said or who they are: request bodies, cookies, query
strings, headers beyond a few plain ones, frames' local variables, the values a log message
was written with (its template is kept), breadcrumbs but the SQL statements, whose values are
not sent either. Secret parts of a path (a respondent's link) are masked and email addresses
in messages replaced, as in the logs. Started from settings, only when a DSN is set: the SDK
costs a fifth of a second to import.
"""

from typing import Any
from urllib.parse import urlsplit, urlunsplit

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.types import Breadcrumb, BreadcrumbHint, Event, Hint

from .logs import current, mask_path
from .logs import scrub as scrub_text

KEPT_HEADERS = frozenset({"accept", "content-length", "content-type", "host", "x-request-id"})
KEPT_REQUEST = ("method", "url", "headers")
KEPT_TAGS = ("request_id", "view", "task", "task_id", "workspace_id")


def start_sentry(*, dsn: str, environment: str, release: str) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration()],
        # Not every library the SDK knows and finds installed (boto3, Flask …): each costs
        # start-up time and records more of what the app does.
        auto_enabling_integrations=False,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=before_send,
        before_breadcrumb=before_breadcrumb,
    )


def before_send(event: Event, hint: Hint) -> Event:
    context = current()
    fields = context.fields() if context is not None else {}
    raw_path = context.request.path if context is not None and context.request else None

    def scrub(text: str) -> str:
        return scrub_text(text, raw_path, fields.get("path"))

    if "request" in event:
        event["request"] = _request(event["request"])
    for section in ("exception", "threads"):
        for value in _values(event.get(section)):
            if isinstance(value.get("value"), str):
                value["value"] = scrub(value["value"])
            for frame in (value.get("stacktrace") or {}).get("frames") or []:
                frame.pop("vars", None)
    if event.get("logentry"):
        # The logged template ("No answer from %s"), not its values: those may be anything.
        event["logentry"] = {"message": scrub(str(event["logentry"].get("message") or ""))}
    if isinstance(event.get("message"), str):
        event["message"] = scrub(event["message"])
    # Extras hold what a log call passed (Django's: the request) and a command's arguments.
    event.pop("extra", None)
    event["user"] = {"id": fields["user_id"]} if fields.get("user_id") else {}
    event["tags"] = {
        **(event.get("tags") or {}),
        **{name: str(fields[name]) for name in KEPT_TAGS if fields.get(name) is not None},
    }
    return event  # breadcrumbs were sifted as they were left (before_breadcrumb)


def before_breadcrumb(crumb: Breadcrumb, hint: BreadcrumbHint) -> Breadcrumb | None:
    """Only the SQL statements, without their values: log messages may quote anything."""
    if crumb.get("category") != "query":
        return None
    crumb.pop("data", None)
    return crumb


def _values(section: Any) -> list[dict[str, Any]]:
    return (section.get("values") or []) if isinstance(section, dict) else []


def _request(request: dict[str, Any]) -> dict[str, Any]:
    kept = {key: request[key] for key in KEPT_REQUEST if key in request}
    if isinstance(kept.get("url"), str):
        parts = urlsplit(kept["url"])
        kept["url"] = urlunsplit((parts.scheme, parts.netloc, mask_path(parts.path), "", ""))
    if isinstance(kept.get("headers"), dict):
        kept["headers"] = {
            name: value for name, value in kept["headers"].items() if name.lower() in KEPT_HEADERS
        }
    return kept
