"""The Analyse card on the program overview (SOP step 8)."""

from winloss.programs.models import Program
from winloss.programs.steps import Card, card


@card("analyse")
def analyse_card(program: Program) -> Card:
    # Imported here: the figures bring numpy and scipy, and cards register at start-up.
    from .figures import analysis
    from .scope import Scope

    return card_from(analysis(Scope(program), only={"drivers"}))


def card_from(figures: dict) -> Card:
    """The card from figures already computed (the Analyse page passes its own)."""
    total = figures["interviews"]
    if not total:
        return Card("todo", "", "Validated, coded interviews are analysed here.")
    top = figures["drivers"]
    loss = next((d for d in top if d["direction"] == "loss_driver"), None)
    win = next((d for d in top if d["direction"] == "win_driver"), None)
    parts = [f"{total} validated interviews"]
    if loss:
        parts.append(f"top loss driver {loss['name']} ({loss['k']} of {loss['n']})")
    if win:
        parts.append(f"top win driver {win['name']} ({win['k']} of {win['n']})")
    return Card("in_progress", "; ".join(parts) + ".", "Check cuts and the perception gap.")
