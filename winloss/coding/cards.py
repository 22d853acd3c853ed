"""The Code card on the program overview (SOP step 7), with the inter-coder agreement."""

from django.db.models import Count

from winloss.interviews.queries import validated_interviews
from winloss.programs.models import Program
from winloss.programs.steps import Card, card

from .models import CodedExcerpt


@card("code")
def code_card(program: Program) -> Card:
    validated = validated_interviews(program).count()
    coded = (
        CodedExcerpt.objects.filter(program=program)
        .values("interview")
        .annotate(n=Count("id"))
        .order_by()
        .count()
    )
    if not validated:
        return Card("todo", "", "Validated interviews come here to be coded with the codebook.")
    summary = f"{coded} of {validated} validated interviews coded."
    # Imported here: agreement brings scikit-learn, and cards register at start-up.
    from .agreement.services import agreement_for

    agreement = agreement_for(program)
    if agreement.alpha is not None:
        summary += (
            f" Inter-coder agreement: Krippendorff's α {agreement.alpha:.2f} over "
            f"{agreement.interviews} double-coded interviews."
        )
    state = "done" if coded >= validated else "in_progress"
    return Card(
        state, summary, "Code each passage with a theme and whether it won or lost the deal."
    )
