"""Reads: which interviews count in analysis, and where a review stands."""

from django.db.models import Q

from .models import Interview, InterviewStatus, Validation, ValidationStatus

# Completed and signed off by a reviewer: the only interviews analysis may count (an
# incomplete record is kept out until it is fixed, SOP step 6) and coding may touch.
VALIDATED = Q(status=InterviewStatus.COMPLETED, validation__status=ValidationStatus.SIGNED_OFF)


def validated_interviews(program):
    return Interview.objects.filter(VALIDATED, program=program)


def validation_of(interview: Interview) -> Validation:
    """The reviewer's decision on the interview; until a reviewer decides (or the interviewer
    confirms a topic did not come up), an unsaved one waiting for review."""
    return Validation.objects.filter(interview=interview).first() or Validation(interview=interview)
