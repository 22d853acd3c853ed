"""The Escalate card on the program overview (SOP step 9)."""

from django.db.models import Count

from winloss.programs.models import Program
from winloss.programs.steps import Card, card

from .models import Escalation, EscalationStatus


@card("escalate")
def escalate_card(program: Program) -> Card:
    escalations = Escalation.objects.filter(program=program)
    counts = dict(escalations.values_list("status").annotate(n=Count("id")).order_by())
    if not counts:
        return Card("todo", "No escalations.", "Route urgent issues to an owner as they surface.")
    open_, acknowledged = (
        counts.get(EscalationStatus.OPEN, 0),
        counts.get(EscalationStatus.ACKNOWLEDGED, 0),
    )
    overdue = escalations.overdue().count()
    summary = (
        f"{open_} open, {acknowledged} acknowledged, "
        f"{counts.get(EscalationStatus.RESOLVED, 0)} resolved"
    )
    summary += f"; {overdue} overdue." if overdue else "."
    if open_:
        return Card("in_progress", summary, "Open escalations block the report until acknowledged.")
    if acknowledged:
        return Card("in_progress", summary, "Record how each acknowledged escalation was resolved.")
    return Card("done", summary)
