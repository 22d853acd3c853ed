"""Time zones as people pick them: IANA names, each place once, under its current name.

Browsers still report some old names (Chromium says ``Asia/Calcutta`` for India), and the
full list holds aliases (``US/Eastern``, ``Etc/GMT+5``) that no one looks for. The system's
tz database says which names are the places (``zone.tab``) and what an old name now is
(``tzdata.zi``); without those files every name the machine knows is offered as it is.
"""

import zoneinfo
from functools import cache
from pathlib import Path


@cache
def _tz_file(name: str) -> list[str]:
    for root in zoneinfo.TZPATH:
        path = Path(root, name)
        if path.is_file():
            return path.read_text(encoding="utf-8").splitlines()
    return []


_known = cache(zoneinfo.available_timezones)  # reads the whole tz folder: once is enough


@cache
def choices() -> list[str]:
    """The zones to offer, sorted: each country's zones, and UTC."""
    places = {line.split("\t")[2] for line in _tz_file("zone.tab") if line[:1] not in ("#", "")}
    known = _known()
    return sorted((places & known) | {"UTC"}) if places else sorted(known - {"localtime"})


@cache
def _renamed() -> dict[str, str]:
    """Old name → current one, from the tz database's links (``L target alias``)."""
    renamed = {}
    for line in _tz_file("tzdata.zi"):
        if line.startswith("L "):
            _, target, alias = line.split()[:3]
            renamed[alias] = target
    return renamed


def canonical(name: str) -> str | None:
    """The name to show for a zone someone gave, or None if it is not a time zone."""
    offered = choices()
    if name in offered:
        return name
    current = _renamed().get(name, "")
    if current in offered:
        return current
    return name if name in _known() else None
