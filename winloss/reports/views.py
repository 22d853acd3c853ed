"""SOP step 10 pages: the report's draft (words, quotes, preview, publish) and its published
versions with their files. Stakeholders see published versions only; drafts are evidence."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.coding.memos.queries import citeable
from winloss.coding.models import CodedExcerpt, Memo, Theme
from winloss.interviews.models import Interview
from winloss.interviews.queries import VALIDATED
from winloss.interviews.review.services import debrief_visible_to
from winloss.lib.concurrency import posted_number
from winloss.lib.errors import errors_as_message, errors_on_form
from winloss.programs.models import Program
from winloss.programs.steps import render_step

from . import services
from .content import build
from .formats import charts_of, document_context, draw_chart
from .forms import DraftForm, RedactForm
from .memos import cited_memos
from .models import CONTENT_TYPES, Format, ReportMemo, ReportQuote, ReportVersion
from .queries import draft_of, published_file
from .quotes import chosen_quotes
from .summaries import interview_summary


@workspace_view(Cap.VIEW)
def step_page(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    versions = ReportVersion.objects.filter(report__program=program).select_related("published_by")
    context: dict = {"versions": versions}
    if can(request, Cap.VIEW_EVIDENCE):
        report = draft_of(program)
        form = DraftForm(request.POST or None, instance=report, initial={"version": report.version})
        if request.method == "POST" and can(request, Cap.CODE) and form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            with errors_on_form(form):
                services.save_draft(
                    draft_of(program),  # a copy: the page shows this one's words on a conflict
                    user=request.user,
                    expected_version=form.cleaned_data["version"],
                    **fields,
                )
                messages.success(request, "Draft saved.")
                return redirect("reports:report", ws=ws, program_id=program.pk)
        quotes = chosen_quotes(report)
        content = build(report, quotes)
        cited = cited_memos(report)
        context.update(
            report=report,
            form=form,
            quotes=quotes,
            cited_memos=cited,
            citeable_memos=citeable(program).exclude(pk__in=[c.memo_id for c in cited]),
            blockers=services.publication_blockers(report),
            formats=Format.choices,
            **document_context(content, src=lambda name: f"draft/{name}.svg"),
        )
    return render_step(request, program, "report", "reports/report.html", context)


@require_POST
@workspace_view(Cap.PUBLISH)
def publish(request, ws, program_id):
    report = draft_of(get_workspace_object(request, Program, program_id))
    with errors_as_message(request):
        version = services.publish(
            report,
            user=request.user,
            acknowledge_below_minimum=request.POST.get("acknowledge_below_minimum") == "on",
        )
        messages.success(
            request, f"Version {version.number} published; stakeholders are being told by email."
        )
        return redirect(
            "reports:version", ws=ws, program_id=report.program_id, number=version.number
        )
    return redirect("reports:report", ws=ws, program_id=report.program_id)


@workspace_view(Cap.VIEW_EVIDENCE)
def quote_picker(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    report = draft_of(program)
    excerpts = (
        CodedExcerpt.objects.filter(program=program)
        .select_related("theme", "interview__entry__deal")
        .order_by("theme__position", "-created")
    )
    theme = request.GET.get("theme", "")
    if theme:
        excerpts = excerpts.filter(theme__slug=theme)
    direction = request.GET.get("direction", "")
    if direction:
        excerpts = excerpts.filter(direction=direction)
    page = Paginator(excerpts, 50).get_page(request.GET.get("page"))
    return render_step(
        request,
        program,
        "report",
        "reports/quote_picker.html",
        {
            "report": report,
            "page": page,
            "chosen": set(
                ReportQuote.objects.filter(report__program=program).values_list(
                    "excerpt_id", flat=True
                )
            ),
            "themes": Theme.objects.filter(workspace=request.workspace, is_active=True),
            "theme": theme,
            "direction": direction,
        },
    )


@require_POST
@workspace_view(Cap.CODE)
def quote_add(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    back = reverse("reports:quotes", kwargs={"ws": ws, "program_id": program.pk})
    back += f"?{request.POST.get('query', '')}"
    excerpt = CodedExcerpt.objects.filter(
        workspace=request.workspace, program=program, pk=posted_number(request.POST, "excerpt")
    ).first()
    if excerpt is None:
        messages.error(request, "Choose an excerpt of this program to quote.")
        return redirect(back)
    with errors_as_message(request):
        services.add_quote(draft_of(program), excerpt, user=request.user)
        messages.success(request, "Quote added to the report.")
    return redirect(back)


def _quote(request, program_id: int, quote_id: int) -> ReportQuote:
    program = get_workspace_object(request, Program, program_id)
    return get_object_or_404(ReportQuote, pk=quote_id, report__program=program)


@require_POST
@workspace_view(Cap.CODE)
def quote_remove(request, ws, program_id, quote_id):
    program = get_workspace_object(request, Program, program_id)
    pick = ReportQuote.objects.filter(pk=quote_id, report__program=program)
    if pick.exists():  # a second click, or someone else first: it is out either way
        services.remove_quote(pick.get(), user=request.user)
    messages.success(request, "Quote taken out of the report.")
    return redirect("reports:report", ws=ws, program_id=program_id)


@require_POST
@workspace_view(Cap.CODE)
def quote_redact(request, ws, program_id, quote_id):
    pick = _quote(request, program_id, quote_id)
    form = RedactForm(request.POST)
    if form.is_valid():
        services.set_redactions(pick, form.cleaned_data["redact_terms"], user=request.user)
        messages.success(request, "Saved: those words are taken out of the quote.")
    return redirect("reports:report", ws=ws, program_id=program_id)


@require_POST
@workspace_view(Cap.CODE)
def memo_cite(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    memo = Memo.objects.filter(
        workspace=request.workspace, program=program, pk=posted_number(request.POST, "memo")
    ).first()
    if memo is None:
        messages.error(request, "Choose a memo of this program to cite.")
    else:
        with errors_as_message(request):
            services.cite_memo(draft_of(program), memo, user=request.user)
            messages.success(request, f"The memo “{memo.title}” is cited in the methodology.")
    return redirect("reports:report", ws=ws, program_id=program.pk)


@require_POST
@workspace_view(Cap.CODE)
def memo_uncite(request, ws, program_id, cited_id):
    program = get_workspace_object(request, Program, program_id)
    cited = ReportMemo.objects.filter(pk=cited_id, report__program=program).select_related(
        "memo", "report"
    )
    if cited.exists():  # a second click, or someone else first: it is out either way
        services.uncite_memo(cited.get(), user=request.user)
    messages.success(request, "Memo taken out of the report.")
    return redirect("reports:report", ws=ws, program_id=program.pk)


def _format(fmt: str) -> str:
    if fmt not in Format.values:
        raise Http404("No such format.")
    return fmt


def _file_response(data: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@workspace_view(Cap.VIEW_EVIDENCE)
def draft_file(request, ws, program_id, fmt):
    program = get_workspace_object(request, Program, program_id)
    report = draft_of(program)
    with errors_as_message(request):
        data = services.render_file(_format(fmt), build(report), program)
        return _file_response(data, fmt, f"{slugify(report.title)}-draft")
    return redirect("reports:report", ws=ws, program_id=program.pk)


def _chart(content: dict, chart: str) -> HttpResponse:
    if chart not in charts_of(content):
        raise Http404("No such chart in this report.")
    return HttpResponse(draw_chart(chart, content), content_type="image/svg+xml")


@workspace_view(Cap.VIEW_EVIDENCE)
def draft_chart(request, ws, program_id, chart):
    return _chart(build(draft_of(get_workspace_object(request, Program, program_id))), chart)


def _version(request, program_id: int, number: int) -> ReportVersion:
    program = get_workspace_object(request, Program, program_id)
    return get_object_or_404(ReportVersion, report__program=program, number=number)


@workspace_view(Cap.VIEW)
def version_page(request, ws, program_id, number):
    version = _version(request, program_id, number)
    return render_step(
        request,
        program_id,
        "report",
        "reports/version.html",
        {
            "version": version,
            "files": version.files.only("format", "sha256", "version_id"),
            **document_context(version.content, src=lambda name: f"{name}.svg"),
        },
    )


@workspace_view(Cap.VIEW)
def version_chart(request, ws, program_id, number, chart):
    return _chart(_version(request, program_id, number).content, chart)


@workspace_view(Cap.VIEW)
def version_file(request, ws, program_id, number, fmt):
    version = _version(request, program_id, number)
    with errors_as_message(request):
        data = published_file(version, _format(fmt)).read()
        return _file_response(data, fmt, f"{slugify(version.report.title)}-v{version.number}")
    return redirect("reports:version", ws=ws, program_id=program_id, number=number)


SUMMARIES_LISTED = 200


@workspace_view(Cap.VIEW)
def interview_summaries(request, ws, program_id):
    """Every validated interview's summary, newest first: how a stakeholder finds them. The
    team reads each deal's name; everyone else the outcome and the date only."""
    program = get_workspace_object(request, Program, program_id)
    interviews = (
        Interview.objects.filter(VALIDATED, program=program)
        .select_related("entry__deal", "validation")
        .order_by("-validation__decided_at", "-pk")
    )
    return render_step(
        request,
        program,
        "report",
        "reports/interview_summaries.html",
        {
            "interviews": interviews[:SUMMARIES_LISTED],
            "total": interviews.count(),
            "team": can(request, Cap.VIEW_EVIDENCE),
        },
    )


@workspace_view(Cap.VIEW)
def interview_summary_page(request, ws, program_id, interview_id):
    """One validated interview's summary; before validation there is none, for anyone."""
    program = get_workspace_object(request, Program, program_id)
    interview = get_workspace_object(
        request,
        Interview.objects.filter(VALIDATED).select_related("entry__deal"),
        interview_id,
        program=program,
    )
    team = can(request, Cap.VIEW_EVIDENCE)
    # The team's interviewers see the rep's account only once every voice of the deal is
    # heard (the debrief's own rule); a stakeholder reads the summary after validation.
    rep_view = not team or debrief_visible_to(interview.entry, request.user)
    return render_step(
        request,
        program,
        "report",
        "reports/interview_summary.html",
        {
            "interview": interview,
            "summary": interview_summary(interview, rep_view=rep_view, team=team),
            "team": team,
        },
    )
