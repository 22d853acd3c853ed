from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.activity.display import shown_entries
from winloss.activity.models import LogEntry
from winloss.deals.models import Outcome
from winloss.lib.errors import errors_as_message, errors_on_form

from . import recency, services
from .forms import NewProgramForm, ProgramScopeForm
from .health.summary import program_health
from .models import Program, ResearchQuestion
from .steps import STEP_BY_KEY, cards_for, render_step, steps_for
from .waves import start_next_wave


@workspace_view(Cap.VIEW)
def program_list(request, ws):
    programs = Program.objects.filter(workspace=request.workspace).select_related("owner")
    return render(request, "programs/list.html", {"programs": programs})


@workspace_view(Cap.EDIT_SCOPE)
def program_new(request, ws):
    form = NewProgramForm(
        request.POST or None, workspace=request.workspace, initial={"owner": request.user}
    )
    if request.method == "POST" and form.is_valid():
        with errors_on_form(form):
            program = services.create_program(
                workspace=request.workspace, user=request.user, **form.cleaned_data
            )
            messages.success(request, f"Program “{program}” created.")
            return redirect("programs:overview", ws=ws, program_id=program.pk)
    return render(request, "programs/new.html", {"form": form})


@workspace_view(Cap.VIEW)
def overview(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    return render(
        request,
        "programs/overview.html",
        {
            "program": program,
            "cards": cards_for(program, steps_for(request.membership.role)),
            "on_overview": True,
            # The team sees health; stakeholders see published findings only.
            "health": program_health(program) if can(request, Cap.VIEW_EVIDENCE) else None,
        },
    )


@workspace_view(Cap.VIEW)
def scope(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    return render_step(
        request,
        program,
        "scope",
        "programs/scope.html",
        {
            "deal_types": [Outcome(t).label for t in program.clean_deal_types()],
            "research_questions": [
                ResearchQuestion(q).label
                for q in program.research_questions
                if q in ResearchQuestion.values
            ],
            "recency_warning": recency.window_warning(program),
        },
    )


def _as_typed(form: ProgramScopeForm, program: Program) -> Program:
    """The program with the window and recency the form holds, to warn about what was typed."""
    if not form.is_bound:
        return program
    data = getattr(form, "cleaned_data", {})
    typed = Program(recency_days=data.get("recency_days") or program.recency_days)
    typed.window_start = data.get("window_start", program.window_start)
    typed.window_end = data.get("window_end", program.window_end)
    return typed


@workspace_view(Cap.EDIT_SCOPE)
def scope_edit(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    form = ProgramScopeForm(request.POST or None, instance=program, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        with errors_on_form(form):
            services.update_scope(
                program,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                **fields,
            )
            messages.success(request, "Scope saved and recorded in the program log.")
            return redirect("programs:scope", ws=ws, program_id=program.pk)
    return render(
        request,
        "programs/scope_edit.html",
        {
            "program": program,
            "form": form,
            "step": STEP_BY_KEY["scope"],
            "recency_warning": recency.window_warning(_as_typed(form, program)),
        },
    )


@workspace_view(Cap.VIEW)
def program_log(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    entries = LogEntry.objects.for_object(program).select_related("user")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    shown = shown_entries(page, role=request.membership.role)
    return render(
        request, "programs/log.html", {"program": program, "page": page, "entries": shown}
    )


@require_POST
@workspace_view(Cap.EDIT_SCOPE)
def next_wave(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    with errors_as_message(request):
        wave = start_next_wave(program, user=request.user)
        messages.success(
            request,
            f"“{wave}” is ready: same scope, next window, and the last approved guide as its "
            "draft. Review and activate it.",
        )
        return redirect("programs:scope", ws=ws, program_id=wave.pk)
    return redirect("programs:scope", ws=ws, program_id=program.pk)
