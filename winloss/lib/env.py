"""Reading configuration from the environment, loudly.

A mistyped boolean or number must stop the app at start-up, not be silently read as a default.
"""

import datetime as dt
import os
import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def envurl(name: str, default: str) -> str:
    """An address with its scheme, without a trailing slash (links are built on it)."""
    raw = os.environ.get(name, default).strip().rstrip("/")
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} must be a whole address with http:// or https://, such as "
            f"https://winloss.example.com; got {raw!r}"
        )
    return raw


# One schedule's timing: every N minutes or hours, daily at a time, or not at all.
_EVERY = re.compile(r"(\d+)\s*(m|h)", re.IGNORECASE)
_DAILY = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
Timing = dt.timedelta | dt.time | None


def envtimings(name: str) -> dict[str, Timing]:
    """``retention.purge=02:30, outreach.reminders=30m, actions.reminders=off``: a schedule's
    name and its timing (``30m``, ``2h``: every so long; ``02:30``: daily at that time;
    ``off``: never). Empty or unset: every schedule keeps its default."""
    timings: dict[str, Timing] = {}
    for item in envlist(name, []):
        key, sep, value = (part.strip() for part in item.partition("="))
        if not sep or not key:
            raise ImproperlyConfigured(
                f"{name}: write each entry as NAME=TIMING, e.g. retention.purge=02:30; got {item!r}"
            )
        every, daily = _EVERY.fullmatch(value), _DAILY.fullmatch(value)
        if value.lower() == "off":
            timings[key] = None
        elif every and int(every[1]) > 0:
            unit = {"m": "minutes", "h": "hours"}[every[2].lower()]
            timings[key] = dt.timedelta(**{unit: int(every[1])})
        elif daily:
            timings[key] = dt.time(int(daily[1]), int(daily[2]))
        else:
            raise ImproperlyConfigured(
                f"{name}: the timing of {key} must be a number of minutes or hours (30m, 2h), "
                f"a time of day (02:30) or off; got {value!r}"
            )
    return timings
