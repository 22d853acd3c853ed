"""The finished wave's report in the demo: two actions backed by quotes, and version 1
published, so the Report and Actions steps show what a closed wave looks like."""

import datetime as dt

from winloss.accounts.models import User
from winloss.actions.services import create_action
from winloss.analysis.figures import analysis
from winloss.analysis.scope import Scope
from winloss.coding.models import CodedExcerpt, Theme
from winloss.interviews.models import NoteKind
from winloss.programs.models import Program
from winloss.reports.formats import pdf_problem
from winloss.reports.services import add_quote, begin_report, publish, save_draft

from . import content

SUMMARY = (
    "In the 12 lost deals, buyers cited product fit and competitive displacement (8 each) "
    "twice as often as price (4), while the reps most often named price. With 20 interviews "
    "the intervals are wide: read them before acting, and re-measure next wave."
)
ACTIONS = [
    ("Rebuild the GTX demo around the buyers' own warehouse flows", "product", "product_fit"),
    ("Give reps a one-page price comparison against Vector Solutions", "enablement",
     "pricing_commercial"),
]  # fmt: skip


def add_report(program: Program, users: dict[str, User]) -> int:
    """Quotes for the top themes, actions, version 1 published; returns its number (0 when
    this machine cannot make PDFs: then the report is left as a draft)."""
    owner, analyst = users[content.OWNER_EMAIL], users[content.ANALYST_EMAIL]
    stakeholder = users["stakeholder@demo.winloss.example"]
    report = begin_report(program)
    save_draft(report, user=owner, expected_version=report.version, summary=SUMMARY)
    top = analysis(Scope(program))["drivers"][:5]
    quotes: dict[str, CodedExcerpt] = {}
    for driver in top:
        excerpt = (
            CodedExcerpt.objects.filter(
                program=program,
                theme__slug=driver["theme"],
                direction=driver["direction"],
                note__kind=NoteKind.QUOTE,  # only a buyer's own words become a quote
            )
            .order_by("pk")
            .first()
        )
        if excerpt is not None:
            add_quote(report, excerpt, user=analyst)
            quotes.setdefault(driver["theme"], excerpt)
    due = (program.window_end or dt.date.today()) + dt.timedelta(days=60)
    for title, change, slug in ACTIONS:
        create_action(
            program=program,
            title=title,
            owner=stakeholder,
            due_date=due,
            expected_change=change,
            user=owner,
            theme=Theme.objects.filter(workspace=program.workspace, slug=slug).first(),
            evidence=[quotes[slug]] if slug in quotes else [],
        )
    if pdf_problem():  # no Pango on this machine: the report stays a draft, and says why
        return 0
    return publish(report, user=owner).number
