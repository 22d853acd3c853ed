"""The Guide card on the program overview (SOP step 3)."""

from winloss.programs.models import Program
from winloss.programs.steps import Card, card

from .queries import approved_version_for, draft_version_for, open_findings_count


@card("guide")
def guide_card(program: Program) -> Card:
    approved = approved_version_for(program)
    draft = draft_version_for(program)
    if draft is not None:
        count = open_findings_count(draft)
        findings = f"{count} linter finding{'s' if count != 1 else ''} open"
        summary = f"Draft v{draft.number} with {findings}."
        if approved is not None:
            summary = f"Approved v{approved.number} in use; " + summary[0].lower() + summary[1:]
        next_step = (
            "Fix or waive each finding, then the program owner approves the guide."
            if count
            else "The program owner reviews the guide and approves it."
        )
        return Card("in_progress", summary, next_step)
    if approved is not None:
        return Card(
            "done",
            f"Approved v{approved.number}: interviews follow this version.",
            "Edit the guide to prepare a new version; interviews keep the version they used.",
        )
    return Card(
        "todo",
        "No guide yet.",
        "Start the guide from the question bank of neutral, open questions.",
    )
