"""Reads: which interviews count in analysis."""

from django.db.models import Q

from .models import Interview, InterviewStatus, ValidationStatus

# Completed and signed off by a reviewer: the only interviews analysis may count (an
# incomplete record is kept out until it is fixed, SOP step 6) and coding may touch.
VALIDATED = Q(status=InterviewStatus.COMPLETED, validation__status=ValidationStatus.SIGNED_OFF)


def validated_interviews(program):
    return Interview.objects.filter(VALIDATED, program=program)
