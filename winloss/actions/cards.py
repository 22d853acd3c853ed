"""The Actions card on the program overview (SOP step 10)."""

from django.db.models import Count

from winloss.programs.models import Program
from winloss.programs.steps import Card, card

from .models import CLOSED, Action


@card("actions")
def actions_card(program: Program) -> Card:
    actions = Action.objects.filter(program=program)
    counts = dict(actions.values_list("status").annotate(n=Count("id")).order_by())
    if not counts:
        return Card(
            "todo",
            "",
            "Turn findings into actions with an owner, a due date and the expected change.",
        )
    closed = sum(n for s, n in counts.items() if s in CLOSED)
    total = sum(counts.values())
    overdue = actions.overdue().count()
    summary = f"{closed} of {total} actions closed" + (f"; {overdue} overdue." if overdue else ".")
    state = "done" if closed == total else "in_progress"
    return Card(state, summary, "Owners record what changed when they close an action.")
