"""One JSON object a line, for a log collector (``LOG_FORMAT=json``).

Only the fields named here are written: a library's ``extra`` (Django passes the whole request
object with its errors) never reaches the log. Kept apart from ``logs.py`` so that text logs
(the default with ``DEBUG``) do not load python-json-logger.
"""

import logging
from typing import Any

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

from .logs import FIELDS, scrub

# In this order in every line; the access line adds its status and duration.
KEYS = ("timestamp", "level", "logger", "message", *FIELDS, "status", "duration_ms")
TRACEBACKS = ("exc_info", "stack_info")


class JsonFormatter(BaseJsonFormatter):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            "%(levelname)s %(name)s %(safe_message)s",
            rename_fields={"levelname": "level", "name": "logger", "safe_message": "message"},
            timestamp=True,
            **kwargs,
        )

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "safe_message"):  # a handler without the filter
            record.safe_message = scrub(record.getMessage())
        return super().format(record)

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        kept = {key: log_data[key] for key in KEYS if log_data.get(key) is not None}
        kept |= {key: scrub(str(log_data[key])) for key in TRACEBACKS if log_data.get(key)}
        return kept
