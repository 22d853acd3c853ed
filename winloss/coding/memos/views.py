"""Memo pages: the program's memos (searched, filtered, exported), writing one about the
program, a theme, an interview or an excerpt, the memo with its autosave and its versions,
and sharing it with stakeholders."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.interviews.models import Interview
from winloss.lib.errors import StaleEdit, errors_as_message, errors_on_form
from winloss.lib.forms import is_id
from winloss.lib.markdown import render_markdown
from winloss.lib.spreadsheets import TABLE_TYPES
from winloss.programs.models import Program
from winloss.programs.steps import render_step

from ..models import CodedExcerpt, Theme
from . import services
from .export import memos_file
from .forms import MemoForm, NewMemoForm
from .models import About, Memo
from .queries import MemoSearch, attached_to, authors_of, get_memo, memos_of


def memo_url(memo: Memo) -> str:
    return reverse(
        "coding:memo",
        kwargs={"ws": memo.workspace.slug, "program_id": memo.program_id, "memo_id": memo.pk},
    )


def _step(request) -> str:
    # Stakeholders read the shared memos beside the published report: the Code step is not
    # theirs to open.
    return "code" if can(request, Cap.VIEW_EVIDENCE) else "report"


@workspace_view(Cap.VIEW)
def memo_list(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    team = can(request, Cap.VIEW_EVIDENCE)
    search = MemoSearch.from_query(request.GET)
    memos = [(memo, attached_to(memo)) for memo in search.apply(memos_of(program, team=team))]
    return render_step(
        request,
        program,
        _step(request),
        "coding/memos/list.html",
        {
            "memos": memos,
            "search": search,
            "team": team,
            "abouts": About.choices,
            "authors": authors_of(program) if team else [],
            "query": request.GET.urlencode(),
            "can_write": can(request, Cap.CODE),
        },
    )


@workspace_view(Cap.VIEW_EVIDENCE)
def memo_export(request, ws, program_id):
    """The memos the list shows for the same search, as ``?format=csv`` (default) or xlsx."""
    program = get_workspace_object(request, Program, program_id)
    fmt = request.GET.get("format", "csv")
    if fmt not in TABLE_TYPES:
        return HttpResponseBadRequest("Choose format=csv or format=xlsx.")
    memos = MemoSearch.from_query(request.GET).apply(memos_of(program, team=True))
    data, name = memos_file(program, memos, fmt)
    response = HttpResponse(data, content_type=TABLE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _subject(request, program: Program, data) -> dict:
    """What a new memo is about, from the page that asked (``about`` and the object's id);
    404 for an object outside the program."""
    about = data.get("about", About.PROGRAM)
    subject: dict = {"about": about if about in About.values else About.PROGRAM}
    if subject["about"] == About.PROGRAM:
        return subject
    raw = str(data.get(subject["about"], ""))
    pk = raw if is_id(raw) else 0
    if subject["about"] == About.THEME:
        subject["theme"] = get_workspace_object(request, Theme, pk)
    elif subject["about"] == About.INTERVIEW:
        subject["interview"] = get_workspace_object(request, Interview, pk, program=program)
    else:
        subject["excerpt"] = get_workspace_object(
            request, CodedExcerpt.objects.select_related("theme", "interview"), pk, program=program
        )
    return subject


def _subject_label(subject: dict) -> str:
    if "theme" in subject:
        return f"the theme {subject['theme'].name}"
    if "interview" in subject:
        return f"the interview about {subject['interview'].entry.deal}"
    if "excerpt" in subject:
        excerpt = subject["excerpt"]
        return f"an excerpt coded {excerpt.theme.name} ({excerpt.get_direction_display().lower()})"
    return "the program"


@workspace_view(Cap.CODE)
def memo_new(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    subject = _subject(request, program, request.POST or request.GET)
    form = NewMemoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on_form(form):
            memo = services.write_memo(program=program, user=request.user, **subject,
                                       **form.cleaned_data)  # fmt: skip
            messages.success(request, "Memo saved. It saves as you type from now on.")
            return redirect(memo_url(memo))
    return render_step(
        request,
        program,
        "code",
        "coding/memos/new.html",
        {"form": form, "subject": subject, "about_label": _subject_label(subject)},
    )


@workspace_view(Cap.VIEW_EVIDENCE)
def memo_page(request, ws, program_id, memo_id):
    memo = get_memo(request, program_id, memo_id)
    return _memo_page(request, memo, MemoForm(instance=memo))


def _memo_page(request, memo: Memo, form: MemoForm) -> HttpResponse:
    return render_step(
        request,
        memo.program,
        "code",
        "coding/memos/memo.html",
        {
            "memo": memo,
            "form": form,
            "attached": attached_to(memo),
            "editable": can(request, Cap.CODE),
            "revisions": memo.revisions.select_related("saved_by"),
        },
    )


def _saved(memo: Memo) -> dict:
    return {
        "version": memo.version,
        "title": memo.title,
        "text": memo.text,
        "html": str(render_markdown(memo.text)),
        "saved_by": str(memo.updated_by or ""),
        "saved_at": memo.updated.isoformat(),
    }


@require_POST
@workspace_view(Cap.CODE)
def memo_save(request, ws, program_id, memo_id):
    """The autosave endpoint (JSON for the page's script; a plain form post without it)."""
    memo = get_memo(request, program_id, memo_id)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    form = MemoForm(request.POST, instance=memo)
    if not form.is_valid():
        if wants_json:
            problems = [f"{form.fields[n].label if n in form.fields else n}: {e[0]}"
                        for n, e in form.errors.items()]  # fmt: skip
            return JsonResponse({"error": " ".join(problems)}, status=400)
        return _memo_page(request, memo, form)
    if wants_json:
        try:
            saved = services.save_memo(
                memo,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
                user=request.user,
            )
        except StaleEdit as error:
            return JsonResponse(_saved(error.current), status=409)  # type: ignore[arg-type]
        except services.MemoError as error:
            return JsonResponse({"error": str(error)}, status=400)
        return JsonResponse(_saved(saved))
    with errors_on_form(form):
        services.save_memo(
            get_memo(request, program_id, memo_id),  # a copy: the form keeps the typed words
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            expected_version=form.cleaned_data["version"],
            user=request.user,
        )
        messages.success(request, "Memo saved.")
        return redirect(memo_url(memo))
    return _memo_page(request, memo, form)


@require_POST
@workspace_view(Cap.PUBLISH)
def memo_share(request, ws, program_id, memo_id):
    memo = get_memo(request, program_id, memo_id)
    shared = request.POST.get("shared") == "on"
    with errors_as_message(request):
        services.share_memo(memo, shared=shared, user=request.user)
        messages.success(
            request,
            "Shared: the workspace's stakeholders can read this memo, and the report may cite it."
            if shared
            else "No longer shared: only the program team reads this memo.",
        )
    return redirect(memo_url(memo))
