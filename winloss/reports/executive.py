"""The executive view: one page per workspace a leader reads in two minutes — per program,
the win rate and the drivers across its waves, the changes since the wave before that pass
the test, program health; then the open escalations and overdue actions.

Every figure is the analysis' own (``analysis.figures.analysis``, as the program pages show
it) or the frozen copy a published report version holds of it. Who sees what follows the
report's rule: the program team (``Cap.VIEW_EVIDENCE``) reads the live figures; everyone
else — stakeholders, sales leaders among them — reads the latest published version of the
program's waves, and a program with none shows no findings. Escalations: the team sees all,
a stakeholder the ones they own (as the escalation page allows); overdue actions are for
every member, as the actions page is."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.timezone import localdate

from winloss.accounts.models import User, Workspace
from winloss.actions.models import Action, ActionQuerySet
from winloss.analysis.figures import analysis
from winloss.analysis.scope import Scope
from winloss.analysis.trends import waves_of
from winloss.coding.models import Direction
from winloss.escalations.models import Escalation, EscalationQuerySet, EscalationStatus
from winloss.programs.health.summary import program_health
from winloss.programs.models import Program

from .content import top_of
from .models import ReportVersion
from .queries import latest_versions

TOP = 3  # drivers per direction: what fits a two-minute read
LISTED = 8  # escalations and actions listed by name; the rest are counted


@dataclass
class Changes:
    """The drivers whose share among their base changed beyond chance since the wave
    before, and how many were compared or could not be."""

    significant: list[dict]
    compared: int
    too_few: int
    # False for trends published before they carried the change (content schema < 5).
    known: bool = True


def changes_of(trends: list[dict]) -> Changes:
    """From the analysis' trends (live or frozen): only tested changes count — both waves
    held the program's minimum of deals in the driver's base — and a change is one whose
    adjusted p-value passes (``trends.Change``). Largest movements first."""
    with_change = [t for t in trends if t.get("change")]
    tested = [t for t in with_change if t["change"]["tested"]]
    significant = [t for t in tested if t["change"]["significant"]]
    significant.sort(key=lambda t: (-abs(t["change"]["points"] or 0), t["name"]))
    known = bool(with_change) or not any(len(t.get("waves") or []) >= 2 for t in trends)
    return Changes(significant, len(tested), len(with_change) - len(tested), known)


@dataclass
class ProgramView:
    program: Program  # the chain's latest wave
    waves: list[str]
    version: ReportVersion | None = None  # what a stakeholder reads; None for live figures
    win_rate: dict | None = None
    win_themes: list[dict] = field(default_factory=list)
    loss_themes: list[dict] = field(default_factory=list)
    changes: Changes | None = None
    heard: int = 0  # deals heard
    target: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def has_findings(self) -> bool:
        return self.changes is not None

    @property
    def sides(self) -> list[tuple[str, list[dict]]]:
        return [("We win on", self.win_themes), ("We lose on", self.loss_themes)]


def latest_waves(workspace: Workspace) -> list[Program]:
    """The last wave of each program chain: programs no later wave follows."""
    followed = Program.objects.filter(workspace=workspace, previous_wave__isnull=False).values(
        "previous_wave"
    )
    return list(
        Program.objects.filter(workspace=workspace)
        .exclude(pk__in=followed)
        .select_related("previous_wave")
        .order_by("-window_end", "name")
    )


def _live(program: Program) -> ProgramView:
    figures = analysis(Scope(program), only={"drivers", "trends"})
    health = program_health(program, with_coverage=False)
    return ProgramView(
        program=program,
        waves=figures["waves"],
        win_rate=figures["win_rate"],
        win_themes=top_of(figures["drivers"], Direction.WIN_DRIVER)[:TOP],
        loss_themes=top_of(figures["drivers"], Direction.LOSS_DRIVER)[:TOP],
        changes=changes_of(figures["trends"]),
        heard=health.interviewed,
        target=program.target_sample_size,
        warnings=health.warnings,
    )


def latest_published(chain: list[Program]) -> ReportVersion | None:
    """The newest published version of the latest wave of ``chain`` that has one."""
    versions = latest_versions(chain)
    return next((versions[w.pk] for w in reversed(chain) if w.pk in versions), None)


def _published(program: Program, chain: list[Program]) -> ProgramView:
    version = latest_published(chain)
    view = ProgramView(program=program, waves=[w.name for w in chain], version=version)
    if version is None:
        return view
    content = version.content
    scope = content.get("scope") or {}
    # The waves the published analysis covered: up to the wave it is the report of.
    upto = [w.pk for w in chain].index(version.report.program_id) + 1
    view.waves = [w.name for w in chain[:upto]]
    view.win_rate = content.get("win_rate")
    view.win_themes = (content.get("win_themes") or [])[:TOP]
    view.loss_themes = (content.get("loss_themes") or [])[:TOP]
    view.changes = changes_of(content.get("trends") or [])
    view.heard = scope.get("interviewed") or 0
    view.target = scope.get("target") or 0
    view.warnings = (content.get("methodology") or {}).get("limitations") or []
    return view


def program_views(workspace: Workspace, *, team: bool) -> list[ProgramView]:
    views = []
    for program in latest_waves(workspace):
        if team:
            views.append(_live(program))
        else:
            views.append(_published(program, waves_of(program)))
    return views


def open_escalations(workspace: Workspace, user: User, *, team: bool) -> EscalationQuerySet:
    """Not yet resolved, soonest due first: all of them for the team, a stakeholder's own."""
    rows = Escalation.objects.filter(workspace=workspace).exclude(status=EscalationStatus.RESOLVED)
    if not team:
        rows = rows.filter(owner=user)
    return rows.select_related("program", "owner").order_by("expected_response_by", "pk")


def overdue_actions(workspace: Workspace) -> ActionQuerySet:
    return (
        Action.objects.filter(workspace=workspace)
        .overdue()
        .select_related("program", "owner")
        .order_by("due_date", "pk")
    )


@dataclass
class ExecutiveView:
    programs: list[ProgramView]
    escalations: list[Escalation]
    escalations_open: int
    escalations_overdue: int
    actions: list[Action]
    actions_overdue: int
    team: bool


def executive_view(workspace: Workspace, user: User, *, team: bool) -> ExecutiveView:
    escalations = open_escalations(workspace, user, team=team)
    counted = escalations.order_by().aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(expected_response_by__lt=localdate()))
    )
    actions = overdue_actions(workspace)
    return ExecutiveView(
        programs=program_views(workspace, team=team),
        escalations=list(escalations[:LISTED]),
        escalations_open=counted["open"],
        escalations_overdue=counted["overdue"],
        actions=list(actions[:LISTED]),
        actions_overdue=actions.count(),
        team=team,
    )
