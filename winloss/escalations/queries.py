"""Reads for SOP step 9 used by more than one stage."""

from .models import Escalation


def blocking_publication(program):
    """Escalations that stop the program's report from being published: open and not yet
    acknowledged by their owner (SOP: handled before the summary is published)."""
    return Escalation.objects.filter(program=program).unacknowledged()
