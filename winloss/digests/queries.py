"""A member's digest, read as their own role would see the pages.

New evidence is the evidence library's search (``evidence.queries``) for each thing they
follow, over excerpts coded since their last digest, anonymised as the library shows them; a
stakeholder's therefore holds only the buyers' own words of programs with a published report.
Changed figures come only from published report versions, each with its base; actions due are
the open ones of the coming week that are theirs or about what they follow."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from winloss.accounts.models import Membership
from winloss.accounts.roles import Cap
from winloss.actions.models import Action
from winloss.coding.models import Direction
from winloss.evidence.queries import Filters, Found, filtered, in_order, library, series, shown
from winloss.lib.stats import fisher_exact_p
from winloss.reports.models import ReportVersion

from .models import Follows, Subscription

EXCERPTS_SHOWN = 3  # per thing followed; the link opens the rest in the library
FIGURES_SHOWN = 5  # per published version
ACTIONS_AHEAD = dt.timedelta(days=7)


@dataclass(frozen=True)
class Section:
    """What is new for one thing followed."""

    subscription: Subscription
    count: int
    found: list[Found]
    link: str


@dataclass(frozen=True)
class FigureChange:
    """A driver's share in a newly published version beside the version before it."""

    program: str
    name: str
    direction: str
    k: int
    n: int
    was_k: int
    was_n: int
    base: str  # what n counts: "deals not won" …
    beyond_chance: bool  # Fisher's exact test below ALPHA, both shares on enough deals

    @property
    def direction_label(self) -> str:
        return Direction(self.direction).label if self.direction in Direction.values else ""


@dataclass
class Digest:
    membership: Membership
    since: dt.datetime
    sections: list[Section] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    @property
    def excerpts(self) -> int:
        return sum(s.count for s in self.sections)

    @property
    def empty(self) -> bool:
        return not (self.excerpts or self.figures or self.actions)


def filters_of(subscription: Subscription) -> Filters:
    value: Any = subscription.value
    if subscription.follows in (Follows.COMPETITOR, Follows.PROGRAM):
        value = int(value)
    return Filters(**{subscription.follows: value})


def library_link(membership: Membership, subscription: Subscription) -> str:
    url = reverse("evidence:search", kwargs={"ws": membership.workspace.slug})
    return f"{settings.SITE_URL}{url}?{urlencode({subscription.follows: subscription.value})}"


def build_digest(membership: Membership, *, since: dt.datetime, today: dt.date) -> Digest:
    workspace, member = membership.workspace, membership.user
    subscriptions = list(Subscription.objects.filter(workspace=workspace, member=member))
    digest = Digest(membership, since)
    waves = series(workspace)
    new = library(workspace, evidence=membership.can(Cap.VIEW_EVIDENCE)).filter(created__gte=since)
    for subscription in subscriptions:
        found = filtered(new, filters_of(subscription), waves)
        count = found.count()
        if count:
            page = in_order(list(found.values_list("pk", flat=True)[:EXCERPTS_SHOWN]))
            link = library_link(membership, subscription)
            digest.sections.append(Section(subscription, count, shown(page, waves), link))
    digest.actions = list(_actions_due(membership, subscriptions, waves, today))
    digest.figures = _changed_figures(membership, subscriptions, waves, since)
    return digest


def _followed(subscriptions: list[Subscription], follows: str) -> list[str]:
    return [s.value for s in subscriptions if s.follows == follows]


def _programs(subscriptions: list[Subscription], waves: dict[int, list[int]]) -> set[int]:
    """Every wave of each program followed."""
    return {pk for v in _followed(subscriptions, Follows.PROGRAM) for pk in waves.get(int(v), [])}


def _actions_due(membership, subscriptions, waves, today: dt.date):
    about = Q(owner=membership.user)
    about |= Q(theme__slug__in=_followed(subscriptions, Follows.THEME))
    about |= Q(program_id__in=_programs(subscriptions, waves))
    return (
        Action.objects.still_open()
        .filter(about, workspace=membership.workspace, due_date__lte=today + ACTIONS_AHEAD)
        .select_related("owner", "program")
        .order_by("due_date", "pk")
    )


def _changed_figures(membership, subscriptions, waves, since: dt.datetime) -> list[FigureChange]:
    """For report versions published since ``since`` in a program followed (every driver) or
    anywhere (the themes followed): each driver whose share moved, beside the version before
    it — the report's previous version, else the previous wave's latest."""
    themes = set(_followed(subscriptions, Follows.THEME))
    programs = _programs(subscriptions, waves)
    if not themes and not programs:
        return []
    published = ReportVersion.objects.filter(
        report__workspace=membership.workspace, published_at__gte=since
    ).select_related("report__program")
    changes: list[FigureChange] = []
    for version in published.order_by("published_at", "pk"):
        program = version.report.program
        whole = program.pk in programs
        if not whole and not themes:
            continue
        before = _version_before(version)
        if before is None:
            continue
        moved = [
            c
            for c in _compare(program.name, version.content, before.content)
            if whole or c[1] in themes
        ]
        moved.sort(key=lambda c: -abs(c[0]))
        changes += [change for _, _, change in moved[:FIGURES_SHOWN]]
    return changes


def _version_before(version: ReportVersion) -> ReportVersion | None:
    earlier = ReportVersion.objects.filter(report=version.report, number__lt=version.number)
    found = earlier.order_by("-number").first()
    previous_wave = version.report.program.previous_wave_id
    if found is None and previous_wave is not None:
        found = (
            ReportVersion.objects.filter(report__program_id=previous_wave)
            .order_by("-number")
            .first()
        )
    return found


def _compare(program: str, now: dict, was: dict) -> list[tuple[float, str, FigureChange]]:
    """(change in share, theme slug, the change) for each driver in both whose count moved."""
    from winloss.analysis.cuts import ALPHA  # here: analysis loads numpy, start-up must not

    earlier = {(d["theme"], d["direction"]): d for d in was.get("drivers") or []}
    found = []
    for driver in now.get("drivers") or []:
        old = earlier.get((driver["theme"], driver["direction"]))
        among = driver.get("among") or driver
        if old is None or not among.get("n"):
            continue
        old_among = old.get("among") or old
        k, n, was_k, was_n = among["k"], among["n"], old_among["k"], old_among["n"]
        if (k, n) == (was_k, was_n) or not was_n:
            continue
        enough = not among.get("too_few") and not old_among.get("too_few")
        beyond = enough and fisher_exact_p(k, n - k, was_k, was_n - was_k) < ALPHA
        change = FigureChange(
            program, driver["name"], driver["direction"], k, n, was_k, was_n,
            among.get("base", ""), beyond,
        )  # fmt: skip
        found.append((k / n - was_k / was_n, driver["theme"], change))
    return found
