"""Reads: which interviews count in analysis."""

from .models import Interview, InterviewStatus, ValidationStatus


def validated_interviews(program):
    """Completed and signed off by a reviewer: the only interviews analysis may count (an
    incomplete record is kept out until it is fixed, SOP step 6)."""
    return Interview.objects.filter(
        program=program,
        status=InterviewStatus.COMPLETED,
        validation__status=ValidationStatus.SIGNED_OFF,
    )
