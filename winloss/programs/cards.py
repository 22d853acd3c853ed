from django.urls import reverse

from winloss.accounts.roles import Cap
from winloss.deals.models import Outcome

from .models import EntryStatus, Program
from .queries import deals_in_scope, entry_counts, outcome_counts
from .sampling.services import current_draw
from .steps import Card, card


@card("scope")
def scope_card(program: Program) -> Card:
    if program.scope_is_defined:
        types = ", ".join(Outcome(t).label for t in program.clean_deal_types())
        window = f"{program.window_start:%d %b %Y} – {program.window_end:%d %b %Y}"
        return Card("done", f"{types}; closed {window}; target {program.target_sample_size}.")
    missing = [
        label
        for label, present in (
            ("objective", program.objective),
            ("deal types", program.deal_types),
            ("time window", program.window_start and program.window_end),
        )
        if not present
    ]
    return Card(
        "todo",
        "Scope not complete: " + ", ".join(missing) + " missing.",
        "Complete the scope before selecting the sample.",
    )


@card("sample")
def sample_card(program: Program) -> Card:
    if not program.scope_is_defined:
        return Card("todo", "", "Define the scope first: the sample is drawn from it.")
    if current_draw(program) is not None:
        return _drawn_sample_card(program)
    counts = outcome_counts(deals_in_scope(program))
    total = sum(counts.values())
    if not total:
        return Card(
            "todo",
            "No closed deals match the scope yet.",
            "Import deals from the CRM or widen the scope's window or segments.",
            next_link=reverse("deals:import", kwargs={"ws": program.workspace.slug})
            + f"?program={program.pk}",
            next_cap=Cap.EDIT_DEALS,
        )
    parts = ", ".join(f"{n} {Outcome(k).label.lower()}" for k, n in sorted(counts.items()))
    return Card(
        "todo",
        f"{total} closed deals in scope ({parts}).",
        "Select a representative sample from these deals.",
    )


def _drawn_sample_card(program: Program) -> Card:
    counts = entry_counts(program)
    active = counts.get(EntryStatus.SELECTED, 0) + counts.get(EntryStatus.INTERVIEWED, 0)
    refused = counts.get(EntryStatus.DECLINED, 0) + counts.get(EntryStatus.UNREACHABLE, 0)
    proposed = counts.get(EntryStatus.PROPOSED, 0)
    summary = f"{active} deals in the sample; {refused} declined or unreachable."
    if proposed:
        return Card(
            "in_progress", summary, f"Accept or pass over {proposed} proposed replacements."
        )
    if active < program.target_sample_size:
        return Card(
            "in_progress",
            summary,
            f"Add deals: the target is {program.target_sample_size} interviews.",
        )
    return Card("done", summary, "Record refusals as the coordinator reaches buyers.")
