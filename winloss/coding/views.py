"""SOP step 7 pages: the program's interviews to code, the coding screen, excerpts by theme."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.deals.models import Competitor
from winloss.interviews.queries import get_interview
from winloss.jobs.models import Job
from winloss.lib.errors import errors_as_message
from winloss.lib.forms import is_id
from winloss.programs.models import Program
from winloss.programs.steps import render_step

from . import excerpt_export, queries, services
from .codebook.queries import codebook_span
from .forms import CodeForm, HistoryImportForm, RecodeForm
from .hints import attach_hints
from .history_import import import_coded_history
from .memos.queries import memos_about, memos_of
from .models import CodedExcerpt, CodingJob, Direction, Theme, ThemeModel
from .passages import passages_of
from .qdpx.writing import export_project
from .queries import codebook_for, is_codeable
from .suggest.services import attach_suggestions

DIRECTION_KEYS = {"win_driver": "W", "loss_driver": "L", "neutral": "N"}


@workspace_view(Cap.VIEW_EVIDENCE)
def step_page(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    counts = queries.theme_counts(program)
    themes = [(theme, counts.get(theme.pk, 0)) for theme in codebook_for(request.workspace)]
    return render_step(
        request,
        program,
        "code",
        "coding/step.html",
        {
            "interviews": queries.interviews_with_counts(program),
            "themes": themes,
            "can_code": can(request, Cap.CODE),
            "import_form": HistoryImportForm(),
            "memo_count": memos_of(program, team=True).count(),
            "codebook": codebook_span(
                request.workspace.pk, CodedExcerpt.objects.filter(program=program)
            ),
            **_step_extras(request, program),
        },
    )


def _step_extras(request, program) -> dict:
    latest: dict[str, Job] = {}  # kind -> its latest job
    for coding_job in CodingJob.objects.filter(program=program).select_related("job")[:10]:
        latest.setdefault(coding_job.kind, coding_job.job)
    return {
        "coding_jobs": list(latest.values()),
        "theme_model": ThemeModel.objects.filter(workspace=request.workspace).defer("data").first(),
    }


def screen_url(ws, program, interview, anchor: str = "") -> str:
    url = reverse(
        "coding:interview", kwargs={"ws": ws, "program_id": program, "interview_id": interview}
    )
    return f"{url}#{anchor}" if anchor else url


@workspace_view(Cap.VIEW_EVIDENCE)
def interview_screen(request, ws, program_id, interview_id):
    interview = get_interview(request, program_id, interview_id)
    codeable = is_codeable(interview)
    passages = passages_of(interview)
    grouped = queries.excerpts_by_passage(interview, request.user)
    for passage in passages:
        passage.excerpts = grouped.get(passage.key, [])
    themes = codebook_for(request.workspace)
    may_code = codeable and can(request, Cap.CODE)
    context = {
        "interview": interview,
        "second_coding": getattr(interview, "second_coding", None),
        "codeable": codeable,
        "not_validated": services.NOT_VALIDATED,
        "passages": passages,
        "themes": themes,
        "may_code": may_code,
        "form": CodeForm(workspace=request.workspace),
        "directions": [(value, label, DIRECTION_KEYS[value]) for value, label in Direction.choices],
        "competitors": Competitor.objects.filter(workspace=request.workspace).order_by("name"),
        "memos": memos_about(interview.program, interview=interview, viewer=request.user),
        "memo_query": f"about=interview&interview={interview.pk}",
        "may_write_memos": can(request, Cap.CODE),
    }
    context.update(_screen_extras(request, interview, passages, themes, may_code))
    return render_step(request, program_id, "code", "coding/interview.html", context)


def _screen_extras(request, interview, passages, themes, may_code) -> dict:
    if may_code:
        attach_suggestions(interview, passages, themes)
    return attach_hints(request, interview, passages)


@require_POST
@workspace_view(Cap.CODE)
def save_excerpt(request, ws, program_id, interview_id):
    # The interview (in this workspace and program) and what the code checks of it, in one
    # query: whether it is validated, the passage's words, the codebook version.
    target = queries.coding_target(
        request.workspace,
        interview_id,
        program_id=program_id,
        passage_key=request.POST.get("passage", ""),
        theme_slug="",  # the form names the theme by id, and checks it
    )
    if target is None:
        raise Http404("No such interview.")
    interview = target.interview
    form = CodeForm(request.POST, workspace=request.workspace)
    if not form.is_valid():
        problems = [
            f"{(form.fields[name].label or name) if name in form.fields else ''}: {errors[0]}"
            for name, errors in form.errors.items()
        ]
        messages.error(request, "Not coded. " + " ".join(problems))
        return redirect(screen_url(ws, interview.program_id, interview.pk))
    data = form.cleaned_data
    passage = target.passage
    end = data["end"] if data["end"] is not None else len(passage.text) if passage else 0
    with errors_as_message(request):
        excerpt = services.code_excerpt(
            interview=interview,
            passage_key=data["passage"],
            passage=passage,
            start=data["start"],
            end=end,
            text=data["text"] or None,
            theme=data["theme"],
            direction=data["direction"],
            competitor=data["competitor"],
            user=request.user,
            role=request.membership.role,
            codeable=target.codeable,
            codebook=target.codebook,
        )
        messages.success(
            request,
            f"Coded “{excerpt.text[:60]}” as {excerpt.theme.name}, "
            f"{excerpt.get_direction_display().lower()}.",
        )
    return redirect(screen_url(ws, interview.program_id, interview.pk, data["passage"]))


@require_POST
@workspace_view(Cap.CODE)
def remove_excerpt(request, ws, program_id, interview_id):
    interview = get_interview(request, program_id, interview_id)
    raw = request.POST.get("excerpt", "")
    excerpt = (
        CodedExcerpt.objects.filter(interview=interview, pk=raw).select_related("theme").first()
        if is_id(raw)
        else None
    )
    if excerpt is None:
        messages.error(request, "Choose the code to remove.")
        return redirect(screen_url(ws, interview.program_id, interview.pk))
    anchor = excerpt.passage_key
    services.remove_excerpt(excerpt, user=request.user)
    messages.success(request, f"Removed the code {excerpt.theme.name} from “{excerpt.text[:60]}”.")
    return redirect(screen_url(ws, interview.program_id, interview.pk, anchor))


@workspace_view(Cap.VIEW_EVIDENCE)
def theme_excerpts(request, ws, program_id, theme_id):
    program = get_workspace_object(request, Program, program_id)
    theme = get_workspace_object(request, Theme, theme_id)
    page = Paginator(queries.excerpts_for_theme(theme, program), 50).get_page(
        request.GET.get("page")
    )
    counts = queries.direction_counts(theme, program)
    return render_step(
        request,
        program,
        "code",
        "coding/theme.html",
        {
            "theme": theme,
            "page": page,
            "counts": [(Direction(d).label, n, d) for d, n in counts.items()],
            "total": sum(counts.values()),
            "can_code": can(request, Cap.CODE),
            "recode_form": RecodeForm(workspace=request.workspace, exclude=theme),
            "memos": memos_about(program, theme=theme),
            "memo_query": f"about=theme&theme={theme.pk}",
        },
    )


@require_POST
@workspace_view(Cap.CODE)
def recode(request, ws, program_id, theme_id):
    program = get_workspace_object(request, Program, program_id)
    theme = get_workspace_object(request, Theme, theme_id)
    form = RecodeForm(request.POST, workspace=request.workspace, exclude=theme)
    back = redirect("coding:theme", ws=ws, program_id=program.pk, theme_id=theme.pk)
    if not form.is_valid() or not form.excerpt_ids():
        messages.error(request, "Tick the excerpts to move and choose the theme to move them to.")
        return back
    with errors_as_message(request):
        moved = services.recode_excerpts(
            program=program,
            excerpt_ids=form.excerpt_ids(),
            theme=form.cleaned_data["theme"],
            user=request.user,
        )
        messages.success(request, f"Moved {moved} excerpts to {form.cleaned_data['theme'].name}.")
    return back


@workspace_view(Cap.VIEW_EVIDENCE)
def export_excerpts(request, ws, program_id):
    """Every coded excerpt of the program, as ``?format=csv`` (the default) or ``xlsx``."""
    program = get_workspace_object(request, Program, program_id)
    kind = request.GET.get("format", "csv")
    if kind == "csv":
        return excerpt_export.csv_response(program)
    if kind == "xlsx":
        return excerpt_export.xlsx_response(program)
    return HttpResponseBadRequest("Choose format=csv or format=xlsx.")


@workspace_view(Cap.VIEW_EVIDENCE)
def export_qdpx(request, ws, program_id):
    """The program's validated interviews and coded excerpts as a REFI-QDA project (.qdpx), for
    the same people as the excerpt export."""
    program = get_workspace_object(request, Program, program_id)
    response = HttpResponse(export_project(program), content_type="application/zip")
    name = f"{slugify(program.name) or program.pk}.qdpx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


SHOWN_IMPORT_ERRORS = 10


@require_POST
@workspace_view(Cap.CODE)
def import_history(request, ws, program_id):
    """Past coded interviews from a file, into this program (all or nothing)."""
    program = get_workspace_object(request, Program, program_id)
    back = redirect("coding:code", ws=ws, program_id=program.pk)
    form = HistoryImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a CSV or XLSX file of coded excerpts to import.")
        return back
    upload = form.cleaned_data["file"]
    with errors_as_message(request):
        result = import_coded_history(
            workspace=request.workspace,
            source=upload,
            program_name=program.name,
            file_name=upload.name,
            user=request.user,
        )
        if result.stopped:
            shown = "; ".join(
                f"{e} ({e.value})" if e.value else str(e)
                for e in result.errors[:SHOWN_IMPORT_ERRORS]
            )
            messages.error(request, f"{result.summary()} {shown}")
        else:
            messages.success(request, result.summary())
    return back
