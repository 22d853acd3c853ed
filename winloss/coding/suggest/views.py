"""Accepting and rejecting suggested codes, and the jobs that suggest and retrain."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from winloss.accounts.access import get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.interviews.queries import get_interview
from winloss.lib.errors import errors_as_message
from winloss.lib.forms import is_id
from winloss.programs.models import Program

from ..models import Direction, Theme
from ..views import screen_url
from . import jobs as suggestion_jobs
from . import services as suggestion_services


def _decision_fields(request):
    """The passage, theme, direction and score a suggestion's buttons send."""
    key = request.POST.get("passage", "")
    raw_theme = request.POST.get("theme", "")
    theme = (
        Theme.objects.filter(workspace=request.workspace, pk=raw_theme, is_active=True).first()
        if is_id(raw_theme)
        else None
    )
    direction = request.POST.get("direction", "")
    try:
        score = float(request.POST.get("score", ""))
    except ValueError:
        score = None
    return key, theme, direction, score


@require_POST
@workspace_view(Cap.CODE)
def accept(request, ws, program_id, interview_id):
    interview = get_interview(request, program_id, interview_id)
    key, theme, direction, score = _decision_fields(request)
    if theme is None or direction not in Direction.values:
        messages.error(request, "Choose the suggested theme and a direction to accept it.")
        return redirect(screen_url(ws, interview.program_id, interview.pk))
    with errors_as_message(request):
        suggestion_services.accept_suggestion(
            interview=interview,
            passage_key=key,
            theme=theme,
            direction=direction,
            user=request.user,
            score=score,
        )
        messages.success(request, f"Accepted: coded the passage {theme.name}.")
    return redirect(screen_url(ws, interview.program_id, interview.pk, key))


@require_POST
@workspace_view(Cap.CODE)
def reject(request, ws, program_id, interview_id):
    interview = get_interview(request, program_id, interview_id)
    key, theme, _, score = _decision_fields(request)
    if theme is None:
        messages.error(request, "Choose the suggestion to reject.")
        return redirect(screen_url(ws, interview.program_id, interview.pk))
    with errors_as_message(request):
        suggestion_services.reject_suggestion(
            interview=interview, passage_key=key, theme=theme, user=request.user, score=score
        )
        messages.success(request, f"Rejected {theme.name} for that passage.")
    return redirect(screen_url(ws, interview.program_id, interview.pk, key))


def _start(request, ws, program, start, done: str):
    program = get_workspace_object(request, Program, program)
    with errors_as_message(request):
        start(program=program, user=request.user)
        messages.success(request, done)
    return redirect("coding:code", ws=ws, program_id=program.pk)


@require_POST
@workspace_view(Cap.CODE)
def suggest_program(request, ws, program_id):
    return _start(
        request,
        ws,
        program_id,
        suggestion_jobs.start_program_suggestions,
        "Suggesting themes for every uncoded passage; they wait on the coding screens for you.",
    )


@require_POST
@workspace_view(Cap.CODE)
def retrain(request, ws, program_id):
    return _start(
        request,
        ws,
        program_id,
        suggestion_jobs.start_retraining,
        "Retraining the suggestions from the workspace's accepted codes.",
    )
