"""The Interviews card on the program overview (SOP step 5)."""

from django.db.models import Count, Q

from winloss.programs.models import Program
from winloss.programs.steps import Card, card

from .models import Interview, InterviewStatus


@card("interviews")
def interviews_card(program: Program) -> Card:
    counts = dict(
        Interview.objects.filter(program=program)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    done = counts.get(InterviewStatus.COMPLETED, 0)
    running = counts.get(InterviewStatus.IN_PROGRESS, 0)
    if not done and not running:
        return Card("todo", "", "Open the session on the approved guide once consent is given.")
    return Card(
        "in_progress",
        f"{done} completed, {running} in progress, of a target of {program.target_sample_size}.",
        "Keep quotes, observed facts and interpretation apart; the reviewer validates next.",
    )


@card("validate")
def validate_card(program: Program) -> Card:
    from .models import ValidationStatus

    # One pass over the program's interviews (each has at most one validation).
    completed = Q(status=InterviewStatus.COMPLETED)
    counts = Interview.objects.filter(program=program).aggregate(
        total=Count("id", filter=completed),
        validated=Count("id", filter=completed & Q(validation__status=ValidationStatus.SIGNED_OFF)),
        returned=Count("id", filter=Q(validation__status=ValidationStatus.RETURNED)),
    )
    total, validated, returned = counts["total"], counts["validated"], counts["returned"]
    if not total:
        return Card("todo", "", "Completed interviews come here for the reviewer's check.")
    summary = f"{validated} of {total} completed interviews validated"
    summary += f"; {returned} returned for fixes." if returned else "."
    state = "done" if validated == total and not returned else "in_progress"
    return Card(state, summary, "Only validated interviews count in analysis.")
