"""The Open answers page (SOP step 7 for surveys): code each answer with the codebook."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.coding.models import Direction, Theme
from winloss.coding.queries import codebook_for
from winloss.lib.errors import errors_as_message
from winloss.lib.forms import is_id
from winloss.programs.models import Program
from winloss.programs.steps import render_step

from ..models import SurveyCode, SurveyComment
from . import queries, services

PER_PAGE = 50


@workspace_view(Cap.VIEW_EVIDENCE)
def answers_page(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    page = Paginator(queries.open_answers(program), PER_PAGE).get_page(request.GET.get("page"))
    themes = codebook_for(request.workspace)
    may_code = can(request, Cap.CODE)
    answers = (
        queries.with_suggestions(program, list(page.object_list), themes)
        if may_code
        else [queries.Answer(c, list(c.codes.all())) for c in page.object_list]
    )
    return render_step(request, program, "code", "surveys/open_answers/page.html", {
        "answers": answers, "page_obj": page, "themes": themes, "can_code": may_code,
        "directions": Direction.choices,
    })  # fmt: skip


@require_POST
@workspace_view(Cap.CODE)
def code(request, ws, program_id, comment_id):
    program = get_workspace_object(request, Program, program_id)
    # The program was found inside the request's workspace, so its answers are too.
    comment = get_object_or_404(
        SurveyComment.objects.filter(response__program=program), pk=comment_id
    )
    theme_id = request.POST.get("theme", "")
    theme = (
        Theme.objects.filter(workspace=request.workspace, pk=theme_id).first()
        if is_id(theme_id)
        else None
    )
    with errors_as_message(request):
        if theme is None:
            raise services.SurveyError("Choose a theme of the codebook.")
        services.code_answer(
            comment=comment, theme=theme, direction=request.POST.get("direction", ""),
            user=request.user,
        )  # fmt: skip
    return _back(request, ws, program_id)


@require_POST
@workspace_view(Cap.CODE)
def uncode(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    code_id = request.POST.get("code", "")
    # Already taken off (by someone else, or a second click): nothing left to do.
    found = (
        SurveyCode.objects.filter(comment__response__program=program, pk=code_id)
        .select_related("theme", "comment__response")
        .first()
        if is_id(code_id)
        else None
    )
    if found is not None:
        services.uncode_answer(code=found, user=request.user)
    return _back(request, ws, program_id)


def _back(request, ws, program_id):
    page = request.POST.get("page", "")
    url = reverse("survey_answers:page", kwargs={"ws": ws, "program_id": program_id})
    return redirect(f"{url}?page={page}" if is_id(page) else url)
