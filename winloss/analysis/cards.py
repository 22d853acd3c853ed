"""The Analyse card on the program overview (SOP step 8)."""

from winloss.programs.models import Program
from winloss.programs.steps import Card, card

from .drivers import drivers, interview_counts
from .scope import Scope


@card("analyse")
def analyse_card(program: Program) -> Card:
    scope = Scope(program)
    total, _ = interview_counts(scope)
    if not total:
        return Card("todo", "", "Validated, coded interviews are analysed here.")
    top = drivers(scope)
    loss = next((d for d in top if d.direction == "loss_driver"), None)
    win = next((d for d in top if d.direction == "win_driver"), None)
    parts = [f"{total} validated interviews"]
    if loss:
        parts.append(f"top loss driver {loss.name} ({loss.share.k} of {loss.share.n})")
    if win:
        parts.append(f"top win driver {win.name} ({win.share.k} of {win.share.n})")
    return Card("in_progress", "; ".join(parts) + ".", "Check cuts and the perception gap.")
