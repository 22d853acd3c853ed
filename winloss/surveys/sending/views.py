"""The staff's survey pages: who the survey would go to, the send, the responses."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.lib.errors import errors_as_message
from winloss.lib.forms import is_id
from winloss.programs.models import Program
from winloss.programs.steps import render_step

from ..answering.queries import page
from ..models import ResponseStatus, SendMode, SurveyResponse
from . import jobs, services
from .queries import approved_survey, survey_batch

SHOWN = 200  # rows of each list on the send page; the counts cover everyone


def _mode(data) -> tuple[str, int | None, int | None]:
    mode = data.get("mode", SendMode.ALL)
    mode = mode if mode in SendMode.values else SendMode.ALL
    share = data.get("share", "")
    seed = data.get("seed", "")
    return mode, int(share) if is_id(share) else None, int(seed) if is_id(seed) else None


@workspace_view(Cap.VIEW_EVIDENCE)
def send_page(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    mode, share, seed = _mode(request.GET)
    if mode == SendMode.SHARE and not share:
        share = 50
    seed = services.new_seed() if seed is None else seed
    batch = survey_batch(program, mode=mode, share_percent=share, seed=seed)
    to_send, skipped = batch.to_send, batch.skipped
    counts = dict(
        SurveyResponse.objects.filter(program=program)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return render_step(
        request,
        program,
        "schedule",
        "surveys/sending/send.html",
        {
            "survey": approved_survey(program),
            "batch": batch,
            "modes": SendMode.choices,
            "mode": mode,
            "share": share,
            "to_send": to_send[:SHOWN],
            "to_send_count": len(to_send),
            "skipped": skipped[:SHOWN],
            "skipped_count": len(skipped),
            "reasons": batch.reasons(),
            "sends": program.survey_sends.select_related("survey", "sent_by")[:10],
            "counts": [(s.value, s.label, counts.get(s.value, 0)) for s in ResponseStatus],
            "can_send": can(request, Cap.SCHEDULE),
            "can_set_languages": can(request, Cap.MANAGE_WORKSPACE),
            "languages": settings.LANGUAGES,
            "enabled": request.workspace.languages_for_respondents,
            "reminder_days": settings.OUTREACH_REMINDER_DAYS,
        },
    )


@require_POST
@workspace_view(Cap.SCHEDULE)
def send_batch(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    mode, share, seed = _mode(request.POST)
    with errors_as_message(request):
        job = jobs.start_survey_send(
            program, user=request.user, mode=mode, share_percent=share, seed=seed
        )
        return redirect("jobs:detail", ws=ws, job_id=job.pk)
    return redirect("survey_sending:send", ws=ws, program_id=program.pk)


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def set_languages(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    with errors_as_message(request):
        chosen = services.set_languages(
            request.workspace, languages=request.POST.getlist("language"), user=request.user
        )
        messages.success(request, f"Respondents may answer in: {', '.join(chosen)}.")
    return redirect("survey_sending:send", ws=ws, program_id=program.pk)


@workspace_view(Cap.VIEW_EVIDENCE)
def responses(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    status = request.GET.get("status", "")
    rows = (
        SurveyResponse.objects.filter(program=program)
        .select_related("deal", "contact")
        .order_by("-completed_at", "-started_at", "pk")
    )
    if status in ResponseStatus.values:
        rows = rows.filter(status=status)
    return render_step(
        request,
        program,
        "schedule",
        "surveys/sending/responses.html",
        {"page": Paginator(rows, 50).get_page(request.GET.get("page")), "status": status},
    )


@workspace_view(Cap.VIEW_EVIDENCE)
def response_detail(request, ws, program_id, response_id):
    program = get_workspace_object(request, Program, program_id)
    response = get_workspace_object(
        request,
        SurveyResponse.objects.select_related("deal", "contact", "survey", "main_reason"),
        response_id,
        program=program,
    )
    return render_step(
        request,
        program,
        "schedule",
        "surveys/sending/response.html",
        {
            "response": response,
            "questions": page(response),
            "consent": response.consents.order_by("-given_at", "-pk").first(),
        },
    )
