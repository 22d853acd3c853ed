"""The Report card on the program overview (SOP step 10)."""

from winloss.escalations.queries import blocking_publication
from winloss.programs.models import Program
from winloss.programs.steps import Card, card

from .models import ReportVersion


@card("report")
def report_card(program: Program) -> Card:
    latest = ReportVersion.objects.filter(report__program=program).order_by("-number").first()
    blocked = blocking_publication(program).count()
    if latest is None:
        if blocked:
            return Card(
                "todo",
                f"Not published; {blocked} open escalation(s) must be acknowledged first.",
                "Acknowledge the open escalations, then publish.",
            )
        return Card(
            "todo", "", "Write the summary, choose the quotes and publish the first version."
        )
    summary = f"Version {latest.number} published {latest.published_at:%d %b %Y}."
    return Card("done", summary, "Later edits are published as a new version.")
