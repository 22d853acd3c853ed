"""The report across waves: a program chain (``trends.waves_of``) read as one document.

It is assembled from what each wave published — the latest version of each wave's report —
never from live figures, so everyone who may open it (``Cap.VIEW``) reads the same numbers,
the quotes already anonymised and the consent already applied as each wave published them.
The trends, the win rate and the changes since the wave before come from the newest
published version, whose analysis covered the earlier waves (``analysis.trends``). A wave
with nothing published is listed as such, with no figures."""

from winloss.analysis.trends import waves_of
from winloss.programs.models import Program

from .executive import TOP, changes_of
from .formats import pdf_problem, render_waves_pdf
from .models import ReportError, ReportVersion
from .queries import latest_versions


def _wave(program: Program, version: ReportVersion | None) -> dict:
    row: dict = {"name": program.name, "published": version is not None}
    if version is None:
        return row
    content = version.content
    scope = content.get("scope") or {}
    row.update(
        version=version.number,
        published_at=version.published_at.date().isoformat(),
        summary=content.get("summary") or "",
        deals_analysed=scope.get("deals_analysed") or 0,
        interviews=scope.get("analysed") or 0,
        sides=[
            ["We win on", (content.get("win_themes") or [])[:TOP]],
            ["We lose on", (content.get("loss_themes") or [])[:TOP]],
        ],
        actions=content.get("actions") or [],
    )
    return row


def waves_content(program: Program) -> dict:
    """The chain ending at ``program``, oldest wave first, as plain JSON values."""
    chain = waves_of(program)
    newest = latest_versions(chain)
    published = [newest[w.pk] for w in chain if w.pk in newest]
    latest = published[-1].content if published else {}
    changes = changes_of(latest.get("trends") or [])
    return {
        "title": f"Win-loss across waves: {program.name}",
        "program": {"id": program.pk, "name": program.name},
        "workspace": program.workspace.name,
        "waves": [_wave(w, newest.get(w.pk)) for w in chain],
        "latest": published[-1].report.program.name if published else "",
        "minimum": (latest.get("scope") or {}).get("minimum") or program.min_per_outcome,
        "base": "deals",
        "win_rate": latest.get("win_rate"),
        "trends": latest.get("trends") or [],
        "changes": {
            "significant": changes.significant,
            "compared": changes.compared,
            "too_few": changes.too_few,
            "known": changes.known,
        },
    }


def waves_pdf(content: dict) -> bytes:
    if pdf_problem():
        raise ReportError(f"The PDF cannot be made on this server: {pdf_problem()}")
    return render_waves_pdf(content)
