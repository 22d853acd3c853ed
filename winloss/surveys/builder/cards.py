"""The Survey card on the program overview, beside the interview guide's."""

from winloss.programs.models import Program
from winloss.programs.steps import Card, card

from ..models import Survey
from .queries import approved_survey_for, draft_survey_for, open_findings_count


@card("survey")
def survey_card(program: Program) -> Card:
    draft = draft_survey_for(program)
    count = open_findings_count(draft) if draft is not None else 0
    return card_for(approved_survey_for(program), draft, count)


def card_for(approved: Survey | None, draft: Survey | None, count: int) -> Card:
    """The card from what the survey page has already read (``count``: the draft's open
    findings)."""
    if draft is not None:
        findings = f"{count} linter finding{'s' if count != 1 else ''} open"
        summary = f"Draft v{draft.number} with {findings}."
        if approved is not None:
            summary = f"Approved v{approved.number} in use; " + summary[0].lower() + summary[1:]
        next_step = (
            "Fix or waive each finding, then the program owner approves the survey."
            if count
            else "The program owner previews the survey for each outcome and approves it."
        )
        return Card("in_progress", summary, next_step)
    if approved is not None:
        return Card(
            "done",
            f"Approved v{approved.number}: buyers are asked this version.",
            "Edit the survey to prepare a new version; answers keep the version they were "
            "given on.",
        )
    return Card(
        "todo",
        "No buyer survey yet.",
        "Start the survey from the question bank: decision factors from the codebook, the "
        "main reason, openness to considering us again and open questions.",
    )
