"""Reads for SOP step 9 used by more than one stage."""

from typing import TYPE_CHECKING

from .models import Escalation, EscalationQuerySet

if TYPE_CHECKING:
    from winloss.programs.models import Program


def blocking_publication(program: "Program") -> EscalationQuerySet:
    """Escalations that stop the program's report from being published: open and not yet
    acknowledged by their owner (SOP: handled before the summary is published)."""
    return Escalation.objects.filter(program=program).unacknowledged()
