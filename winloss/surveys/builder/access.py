"""The access helpers for a survey's questions and factors: only within a program of the
request's workspace (404 otherwise)."""

from django.http import Http404, HttpRequest

from winloss.accounts.access import get_workspace_object
from winloss.programs.models import Program

from ..models import SurveyFactor, SurveyQuestion


def get_survey_question_for(request: HttpRequest, program_pk, pk) -> SurveyQuestion:
    program = get_workspace_object(request, Program, program_pk)
    try:
        return SurveyQuestion.objects.select_related("survey__program__workspace").get(
            pk=pk, survey__program=program
        )
    except (SurveyQuestion.DoesNotExist, ValueError, TypeError):
        raise Http404("No such question.") from None


def get_factor_for(request: HttpRequest, program_pk, pk) -> SurveyFactor:
    program = get_workspace_object(request, Program, program_pk)
    try:
        return SurveyFactor.objects.select_related("survey__program", "theme").get(
            pk=pk, survey__program=program
        )
    except (SurveyFactor.DoesNotExist, ValueError, TypeError):
        raise Http404("No such decision factor.") from None
