"""The access helper for guide questions: only within a program of the request's workspace."""

from django.http import Http404, HttpRequest

from winloss.accounts.access import get_workspace_object
from winloss.programs.models import Program

from .models import Question


def get_question_for(request: HttpRequest, program_pk, pk) -> Question:
    """A question of ``program_pk``'s guide, or 404 if the program is not in this workspace."""
    program = get_workspace_object(request, Program, program_pk)
    try:
        return Question.objects.select_related("guide_version__program__workspace").get(
            pk=pk, guide_version__program=program
        )
    except (Question.DoesNotExist, ValueError, TypeError):
        raise Http404("No such question.") from None
