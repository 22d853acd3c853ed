from winloss.deals.models import Outcome

from .models import Program
from .queries import deals_in_scope, outcome_counts
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
    counts = outcome_counts(deals_in_scope(program))
    total = sum(counts.values())
    if not total:
        return Card(
            "todo",
            "No closed deals match the scope yet.",
            "Import deals from the CRM or widen the scope's window or segments.",
        )
    parts = ", ".join(f"{n} {Outcome(k).label.lower()}" for k, n in sorted(counts.items()))
    return Card(
        "todo",
        f"{total} closed deals in scope ({parts}).",
        "Select a representative sample from these deals.",
    )
