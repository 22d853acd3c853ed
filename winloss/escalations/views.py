"""SOP step 9 pages: the escalations of a program, one escalation, raising one by hand."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.interviews.models import Interview
from winloss.lib.concurrency import posted_version
from winloss.lib.errors import errors_as_message
from winloss.lib.forms import is_id
from winloss.programs.models import Program
from winloss.programs.steps import render_step

from . import services
from .forms import FlagForm, RaiseForm, ResolveForm, WebhookForm
from .models import ChatWebhook, Escalation, EscalationStatus


@workspace_view(Cap.VIEW_EVIDENCE)
def step_page(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    status = request.GET.get("status", "")
    escalations = Escalation.objects.filter(program=program).select_related(
        "owner", "interview__entry__deal"
    )
    if status in EscalationStatus.values:
        escalations = escalations.filter(status=status)
    return render_step(
        request,
        program,
        "escalate",
        "escalations/list.html",
        {
            "escalations": escalations[:500],
            "status": status,
            "statuses": EscalationStatus.choices,
            "today": timezone.localdate(),
            "form": RaiseForm(program=program),
            "can_escalate": can(request, Cap.ESCALATE),
        },
    )


@require_POST
@workspace_view(Cap.ESCALATE)
def raise_new(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    form = RaiseForm(request.POST, program=program)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(
                request,
                f"{label or field.replace('_', ' ').capitalize()}: {' '.join(map(str, errors))}",
            )
        return redirect("escalations:list", ws=ws, program_id=program.pk)
    data = form.cleaned_data
    with errors_as_message(request):
        escalation = services.raise_escalation(
            program=program,
            interview=data["interview"],
            category=data["category"],
            passage=data["passage"],
            owner=data["owner"],
            expected_response_by=data["expected_response_by"],
            user=request.user,
        )
        messages.success(request, f"Escalated to {escalation.owner}; they have been told.")
        return redirect(
            "escalations:detail", ws=ws, program_id=program.pk, escalation_id=escalation.pk
        )
    return redirect("escalations:list", ws=ws, program_id=program.pk)


@require_POST
@workspace_view(Cap.CONDUCT)
def flag_from_interview(request, ws, program_id, interview_id):
    """The interview screen's "Flag as urgent" (SOP step 9): at once, to the program owner."""
    program = get_workspace_object(request, Program, program_id)
    interview = get_workspace_object(request, Interview, interview_id, program=program)
    back = reverse(
        "interviews:screen",
        kwargs={"ws": ws, "program_id": program.pk, "interview_id": interview.pk},
    )
    q = request.POST.get("q", "")
    back += f"?q={q}" if is_id(q) else ""
    form = FlagForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say what kind of issue it is and quote what was said.")
        return redirect(back)
    with errors_as_message(request):
        escalation = services.flag_urgent(
            interview=interview,
            category=form.cleaned_data["category"],
            passage=form.cleaned_data["passage"],
            user=request.user,
        )
        messages.success(request, f"Flagged as urgent: {escalation.owner} has been told.")
    return redirect(back)


def _escalation(request, program, escalation) -> Escalation:
    program = get_workspace_object(request, Program, program)
    return get_workspace_object(request, Escalation, escalation, program=program)


def _may_handle(request, escalation: Escalation) -> bool:
    return escalation.owner_id == request.user.pk or can(request, Cap.ESCALATE)


@workspace_view(Cap.VIEW)
def detail(request, ws, program_id, escalation_id):
    escalation = _escalation(request, program_id, escalation_id)
    # Stakeholders see an escalation only when it is theirs to handle.
    if not (can(request, Cap.VIEW_EVIDENCE) or escalation.owner_id == request.user.pk):
        raise PermissionDenied("This escalation is not yours to handle.")
    return render_step(
        request,
        program_id,
        "escalate",
        "escalations/detail.html",
        {
            "escalation": escalation,
            "resolve_form": ResolveForm(initial={"version": escalation.version}),
            "may_handle": _may_handle(request, escalation),
            # SOP step 10's actions that answer it (the reverse of Action.escalation).
            "corrective_actions": escalation.actions.select_related("owner"),
            "may_plan_action": can(request, Cap.ACT) and can(request, Cap.VIEW_EVIDENCE),
        },
    )


def _act(request, ws, program, escalation, act):
    escalation = _escalation(request, program, escalation)
    if not _may_handle(request, escalation):
        raise PermissionDenied("Only the escalation's owner or an analyst handles it.")
    with errors_as_message(
        request, stale="Someone else changed this escalation meanwhile: reload."
    ):
        act(escalation)
    return redirect(
        "escalations:detail", ws=ws, program_id=escalation.program_id, escalation_id=escalation.pk
    )


@require_POST
@workspace_view(Cap.VIEW)
def acknowledge(request, ws, program_id, escalation_id):
    def act(escalation):
        services.acknowledge(
            escalation, user=request.user, expected_version=posted_version(request.POST)
        )
        messages.success(request, "Acknowledged: the report is no longer blocked by it.")

    return _act(request, ws, program_id, escalation_id, act)


@require_POST
@workspace_view(Cap.VIEW)
def resolve(request, ws, program_id, escalation_id):
    def act(escalation):
        form = ResolveForm(request.POST)
        if not form.is_valid():
            raise services.EscalationError("Record how it was resolved.")
        services.resolve(
            escalation,
            user=request.user,
            resolution=form.cleaned_data["resolution"],
            expected_version=form.cleaned_data["version"],
        )
        messages.success(request, "Resolved.")

    return _act(request, ws, program_id, escalation_id, act)


@workspace_view(Cap.MANAGE_WORKSPACE)
def webhook(request, ws, program_id):
    get_workspace_object(request, Program, program_id)
    instance = ChatWebhook.objects.filter(workspace=request.workspace).first()
    form = WebhookForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.save_webhook(workspace=request.workspace, user=request.user, **form.cleaned_data)
        messages.success(request, "Chat notifications saved.")
        return redirect("escalations:list", ws=ws, program_id=program_id)
    return render_step(request, program_id, "escalate", "escalations/webhook.html", {"form": form})
