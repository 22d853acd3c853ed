"""What every log line says about the request or background task it was written for.

The request middleware (``middleware.py``) and the task signals (``receivers.py``) bind a
``LogContext`` for as long as they run; ``RequestContextFilter``, on the console handler, copies
it onto every record: the request id, method and path, the view, the person's and the
workspace's ids, the task. Records are text (``TextFormatter``) or one JSON object a line
(``json_format.JsonFormatter``), by ``LOG_FORMAT``.

Nothing a respondent said or a secret travels this way: no bodies, no query strings, no
emails, and paths with their secret parts (a respondent's link, an invitation, a password
reset) masked. This module is loaded while logging is configured, before the apps are: it
imports no model.
"""

import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import Resolver404, ResolverMatch, get_resolver, resolve
from django.utils.functional import LazyObject

# URL arguments that are secrets: whoever reads the log must not be able to open the page.
# operate/tests/test_logs.py fails on a route argument that is neither here nor in PLAIN.
SECRET_ARGUMENTS = frozenset({"token", "uidb64"})
MASK = "…"
# A proxy's request id is kept when it is this short and plain (nginx's $request_id, a UUID).
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# An SMTP server's refusal names the address; no log line or error report does.
EMAIL = re.compile(r"[^\s@<>\"'(),;:\[\]]+@[^\s@<>\"'(),;:\[\]]+\.[A-Za-z]{2,}")
# What the filter puts on every record, None where unknown; the JSON formatter writes these.
FIELDS = (
    "request_id",
    "method",
    "path",
    "view",
    "user_id",
    "workspace_id",
    "task_id",
    "task",
)


def request_id_from(header: str | None) -> str:
    """The proxy's id when it is well-formed, else a new one."""
    if header and REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


@dataclass
class LogContext:
    request: HttpRequest | None = None
    request_id: str | None = None
    task_id: str | None = None
    task: str | None = None
    _path: str | None = field(default=None, repr=False)

    @property
    def path(self) -> str | None:
        if self.request is None:
            return None
        if self._path is None:
            if self.request.resolver_match is None and not routes_loaded():
                return MASK  # not kept: the request's own line comes once the routes are
            self._path = safe_path(self.request)
        return self._path

    def fields(self) -> dict[str, Any]:
        request = self.request
        found: dict[str, Any] = {
            "request_id": self.request_id,
            "task_id": self.task_id,
            "task": self.task,
        }
        if request is not None:
            match = request.resolver_match
            workspace = getattr(request, "workspace", None)
            found |= {
                "method": request.method,
                "path": self.path,
                "view": match.view_name if match else None,
                "user_id": user_id(request),
                "workspace_id": getattr(workspace, "pk", None),
            }
        return found


_context: ContextVar[LogContext | None] = ContextVar("winloss_log_context", default=None)


def current() -> LogContext | None:
    return _context.get()


def bind(context: LogContext) -> Token[LogContext | None]:
    """``context`` for every record from here on, until ``unbind`` with what this returns."""
    return _context.set(context)


def unbind(token: Token[LogContext | None]) -> None:
    _context.reset(token)


@contextmanager
def bound(context: LogContext) -> Iterator[LogContext]:
    """``context`` for every record written inside the block."""
    token = bind(context)
    try:
        yield context
    finally:
        unbind(token)


def user_id(request: HttpRequest) -> int | None:
    user = request.__dict__.get("user")
    if isinstance(user, LazyObject):
        # Not read by the request yet: reading it for a log line would cost a session query.
        user = request.__dict__.get("_cached_user")
    return getattr(user, "pk", None)


def safe_path(request: HttpRequest) -> str:
    """The request's path with its secret arguments masked (``/r/…/``), without the query."""
    return _masked(request.path, request.resolver_match or _resolved(request.path_info))


def mask_path(path: str) -> str:
    """``path`` (from the site's root) with its route's secret arguments masked; all of it
    before the routes are loaded."""
    return _masked(path, _resolved(path)) if routes_loaded() else MASK


def routes_loaded() -> bool:
    """Whether the URLconf is imported. Until then no path may be resolved: a record logged
    while the first request imports it (matplotlib building its font cache, in a new
    container) would import it a second time, half-done, and Django would keep that copy,
    without routes, for the life of the process."""
    return "url_patterns" in get_resolver().__dict__


def _resolved(path: str) -> ResolverMatch | None:
    try:
        return resolve(path)
    except Resolver404:
        return None  # no route takes it, so it opens nothing


def _masked(path: str, match: ResolverMatch | None) -> str:
    for name, value in match.kwargs.items() if match else ():
        if name in SECRET_ARGUMENTS and value:
            path = path.replace(str(value), MASK)
    return path


class RequestContextFilter(logging.Filter):
    """Puts the bound context's fields on every record; on a handler, so that it sees the
    records of every logger, Django's and the libraries' included."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _context.get()
        request = getattr(record, "request", None)
        if (context is None or context.request is None) and isinstance(request, HttpRequest):
            # Django logs a 4xx or 5xx answer once the middleware has ended, naming its request.
            context = LogContext(request=request, request_id=getattr(request, "request_id", None))
        values = context.fields() if context is not None else {}
        for name in FIELDS:
            if getattr(record, name, None) is None:
                setattr(record, name, values.get(name))
        task_id = getattr(record, "task_id", None)
        record.context_id = getattr(record, "request_id", None) or (
            f"task:{task_id}" if task_id else "-"
        )
        raw = context.request.path if context is not None and context.request else None
        safe = context.path if context is not None else None
        # For the formatters; the record's own message stays as logged, for Sentry (which
        # keeps only its template).
        record.safe_message = scrub(_message(record), raw, safe)
        return True


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # arguments that do not fit: the handler reports it, not the caller
        return str(record.msg)


def scrub(text: str, raw_path: str | None = None, safe_path: str | None = None) -> str:
    """``text`` with email addresses replaced and, given a request's raw and safe paths, its
    path masked (Django's own lines name the raw path: "Not Found: /r/<token>/")."""
    if raw_path and safe_path and raw_path != safe_path:
        text = text.replace(raw_path, safe_path)
    return EMAIL.sub("[email]", text)


class TextFormatter(logging.Formatter):
    """One line a record for people: time, level, logger, the request (or task) id, message."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(context_id)s] %(safe_message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "safe_message"):  # a handler without the filter
            record.context_id, record.safe_message = "-", scrub(record.getMessage())
        return super().format(record)

    def formatException(self, ei: Any) -> str:
        return scrub(super().formatException(ei))
