"""The Schedule card on the program overview (SOP step 4)."""

from django.db.models import Count

from winloss.programs.models import Program
from winloss.programs.steps import Card, card

from .models import Appointment, AppointmentStatus


@card("schedule")
def schedule_card(program: Program) -> Card:
    counts = dict(
        Appointment.objects.filter(program=program)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    if not counts or set(counts) == {AppointmentStatus.NOT_INVITED}:
        if not program.draws.filter(discarded_at__isnull=True).exists():
            return Card("todo", "", "Draw the sample first: it says whom to contact.")
        return Card("todo", "No one invited yet.", "Preview the invitation batch and send it.")
    parts = [
        f"{counts[s]} {AppointmentStatus(s).label.lower()}"
        for s in AppointmentStatus.values
        if counts.get(s)
    ]
    return Card(
        "in_progress",
        ", ".join(parts) + ".",
        "Follow up on invitations without an answer; record refusals and their reasons.",
    )
