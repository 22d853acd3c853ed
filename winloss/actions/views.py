"""SOP step 10, the action log: actions with owners and due dates, follow-ups with lost
buyers, and each person's own actions across programs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from winloss.accounts.access import WorkspaceRequest, can, get_workspace_object, workspace_view
from winloss.accounts.models import User
from winloss.accounts.roles import Cap
from winloss.lib.errors import errors_as_message, errors_on_form
from winloss.programs.models import EntryStatus, Program, SampleEntry
from winloss.programs.steps import render_step

from . import services
from .forms import ActionForm, FollowUpForm, StatusForm
from .models import Action, ActionStatus, FollowUp


@workspace_view(Cap.VIEW)
def step_page(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    may_record = can(request, Cap.VIEW_EVIDENCE) and can(request, Cap.ACT)
    # "Plan a corrective action" on an escalation arrives with it chosen.
    form = ActionForm(program=program, initial={"escalation": request.GET.get("escalation")})
    return _page(request, program, form if may_record else None)


def _page(
    request: WorkspaceRequest, program: Program, form: ActionForm | None, status: int = 200
) -> HttpResponse:
    lost = SampleEntry.objects.none()
    if can(request, Cap.VIEW_EVIDENCE):
        lost = (
            SampleEntry.objects.current(program)
            .filter(status=EntryStatus.INTERVIEWED)
            .exclude(outcome="won")
            .select_related("deal", "follow_up__owner")
        )
    response = render_step(
        request,
        program.pk,
        "actions",
        "actions/list.html",
        {
            "actions": Action.objects.filter(program=program)
            .select_related("owner", "theme", "escalation")
            .prefetch_related("evidence"),
            "form": form,
            "lost": lost,
            "members": User.objects.filter(memberships__workspace=request.workspace),
            "today": timezone.localdate(),
            "statuses": ActionStatus.choices,
        },
    )
    response.status_code = status
    return response


@require_POST
@workspace_view(Cap.ACT)
def create(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    if not can(request, Cap.VIEW_EVIDENCE):
        raise PermissionDenied("The program team records actions; owners update their own.")
    form = ActionForm(request.POST, program=program)
    if form.is_valid():
        with errors_on_form(form):
            services.create_action(program=program, user=request.user, **form.cleaned_data)
            messages.success(request, "Action recorded; its owner sees it under My actions.")
            return redirect("actions:list", ws=ws, program_id=program.pk)
    # The page again, with what was typed and each problem beside its field.
    messages.error(request, "The action was not recorded: see the marked fields below.")
    return _page(request, program, form, status=400)


@require_POST
@workspace_view(Cap.ACT)
def status(request, ws, program_id, action_id):
    program = get_workspace_object(request, Program, program_id)
    action = get_workspace_object(request, Action, action_id, program=program)
    if action.owner_id != request.user.pk and not can(request, Cap.VIEW_EVIDENCE):
        raise PermissionDenied("Only the action's owner or the program team updates it.")
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status.")
    else:
        stale = "Someone else updated this action meanwhile: reload."
        with errors_as_message(request, stale=stale):
            services.change_status(
                action,
                status=form.cleaned_data["status"],
                closure_evidence=form.cleaned_data["closure_evidence"],
                user=request.user,
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, "Action updated.")
    if request.POST.get("back") == "mine":
        return redirect("actions:mine", ws=ws)
    return redirect("actions:list", ws=ws, program_id=program.pk)


@require_POST
@workspace_view(Cap.ACT)
def follow_up(request, ws, program_id, entry_id):
    program = get_workspace_object(request, Program, program_id)
    entry = get_workspace_object(request, SampleEntry, entry_id, program=program)
    if not can(request, Cap.VIEW_EVIDENCE):
        raise PermissionDenied("The program team plans follow-ups.")
    with errors_as_message(request):
        if request.POST.get("outcome"):
            follow_up = FollowUp.objects.filter(entry=entry).first()
            if follow_up is None:
                raise services.ActionError(
                    "Plan the follow-up first: who checks back with the buyer, and when."
                )
            services.record_follow_up(follow_up, outcome=request.POST["outcome"], user=request.user)
        else:
            form = FollowUpForm(request.POST, workspace=request.workspace)
            if not form.is_valid():
                raise services.ActionError(
                    " ".join(str(e) for errors in form.errors.values() for e in errors)
                )
            services.plan_follow_up(
                entry,
                owner=form.cleaned_data["owner"],
                due_date=form.cleaned_data["due_date"],
                user=request.user,
            )
        messages.success(request, "Follow-up saved.")
    return redirect("actions:list", ws=ws, program_id=program.pk)


@workspace_view(Cap.VIEW)
def mine(request, ws):
    actions = (
        Action.objects.filter(workspace=request.workspace, owner=request.user)
        .select_related("program", "theme")
        .prefetch_related("evidence")
        .order_by("status", "due_date")
    )
    follow_ups = FollowUp.objects.filter(
        workspace=request.workspace, owner=request.user, done_at__isnull=True
    ).select_related("entry__deal", "program")
    return render(
        request,
        "actions/mine.html",
        {
            "actions": actions,
            "follow_ups": follow_ups,
            "today": timezone.localdate(),
            "statuses": ActionStatus.choices,
        },
    )
