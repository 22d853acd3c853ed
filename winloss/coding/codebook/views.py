"""SOP step 7, the codebook: one per workspace, seeded with the SOP's seven themes, changed
through a draft version that is published when ready (``services``, ``publishing``)."""

from itertools import groupby

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.lib.errors import errors_as_message, errors_on_form
from winloss.programs.models import Program
from winloss.programs.steps import render_step

from .. import services as coding_services
from ..memos.queries import memos_across_programs
from ..models import CodebookVersion, CodedExcerpt, Theme
from ..queries import codebook_for
from . import files as codebook_files
from . import publishing
from . import services as codebook_services
from .diff import changed_only, compare, compare_entries
from .forms import (
    CompareForm,
    DiscardForm,
    ImportForm,
    MergeForm,
    NewThemeForm,
    PackForm,
    PublishForm,
    ReviewForm,
    ThemeForm,
)
from .queries import (
    compared,
    current_and_draft,
    entries_by_theme,
    pending_entries,
    published_meanings,
    theme_as_drafted,
    to_review,
)
from .snapshot import State, by_slug


def _codebook_page(request, **context):
    workspace = request.workspace
    counts = dict(
        CodedExcerpt.objects.filter(workspace=workspace)
        .values_list("theme")
        .annotate(n=Count("id"))
        .order_by()
    )
    current, draft = current_and_draft(workspace)
    changes = changed_only(compare(current.themes, draft.themes)) if draft else []
    in_draft = {change.slug: change for change in changes}
    # Each theme in use, with its excerpts in the workspace and what the draft does to it.
    themes = [
        (theme, counts.get(theme.pk, 0), in_draft.get(theme.slug))
        for theme in codebook_for(workspace)
    ]
    names = {e["slug"]: e["name"] for e in current.themes}
    out_of_use = [
        (entry, names.get(entry["merged_into"] or "", ""), in_draft.get(entry["slug"]))
        for entry in current.themes
        if entry["state"] != State.ACTIVE
    ]
    return render(
        request,
        "coding/codebook.html",
        {
            "themes": themes,
            "out_of_use": out_of_use,
            "current": current,
            "draft": draft,
            "changes": changes,
            "added": [change for change in changes if "added" in change.kinds],
            "publish_form": PublishForm(initial={"version": draft.version}) if draft else None,
            "discard_form": DiscardForm(initial={"version": draft.version}) if draft else None,
            "can_code": can(request, Cap.CODE),
            "new_form": context.pop("new_form", None) or NewThemeForm(workspace=workspace),
            "pack_form": PackForm(),
            "import_form": ImportForm(),
            **context,
        },
    )


@workspace_view(Cap.VIEW_EVIDENCE)
def codebook(request, ws):
    return _codebook_page(request)


@require_POST
@workspace_view(Cap.CODE)
def theme_add(request, ws):
    form = NewThemeForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        with errors_on_form(form):
            theme = codebook_services.add_theme(
                workspace=request.workspace, user=request.user, **form.cleaned_data
            )
            messages.success(request, f"Added the theme “{theme.name}”.")
            return redirect("coding:codebook", ws=ws)
    return _codebook_page(request, new_form=form, open_new=True)


def _excerpts(n: int) -> str:
    return f"{n} excerpt{'' if n == 1 else 's'}"


def _in_draft(request, what: str) -> str:
    _current, draft = current_and_draft(request.workspace)
    if draft is None:
        return "Nothing changed: the codebook reads as published."
    return (
        f"{what} in draft version {draft.number} of the codebook: coders see it once it is "
        "published."
    )


@workspace_view(Cap.CODE)
def theme_edit(request, ws, theme_id):
    theme = get_workspace_object(request, Theme, theme_id)
    entries = pending_entries(request.workspace)
    entry = by_slug(entries).get(theme.slug)
    if entry is None:
        raise Http404("No such theme in the codebook.")
    in_use = [e["slug"] for e in entries if e["state"] == State.ACTIVE and e["slug"] != theme.slug]
    others = Theme.objects.filter(workspace=request.workspace, slug__in=in_use)
    drafted = theme_as_drafted(theme, entries)
    active = entry["state"] == State.ACTIVE
    form = ThemeForm(request.POST or None, instance=drafted, parents=others)
    if request.method == "POST" and active and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        with errors_on_form(form):
            codebook_services.update_theme(
                theme, user=request.user, expected_version=form.cleaned_data["version"], **fields
            )
            messages.success(request, _in_draft(request, f"Saved the theme “{fields['name']}”"))
            return redirect("coding:codebook", ws=ws)
    return render(
        request,
        "coding/theme_edit.html",
        {
            "theme": drafted,
            "entry": entry,
            "active": active,
            "form": form,
            "merge_form": MergeForm(theme=theme, targets=others),
            "memos": memos_across_programs(theme),
        },
    )


@require_POST
@workspace_view(Cap.CODE)
def theme_merge(request, ws, theme_id):
    theme = get_workspace_object(request, Theme, theme_id)
    form = MergeForm(request.POST, theme=theme)
    if not form.is_valid():
        messages.error(request, "Choose the theme to merge into.")
        return redirect("coding:codebook", ws=ws)
    target = form.cleaned_data["target"]
    with errors_as_message(request):
        moving = codebook_services.merge_themes(source=theme, target=target, user=request.user)
        messages.success(
            request,
            _in_draft(
                request,
                f"“{theme.name}” merges into “{target.name}” ({moving} excerpts move then)",
            ),
        )
    return redirect("coding:codebook", ws=ws)


@require_POST
@workspace_view(Cap.CODE)
def theme_retire(request, ws, theme_id):
    theme = get_workspace_object(request, Theme, theme_id)
    with errors_as_message(request):
        codebook_services.retire_theme(theme=theme, user=request.user)
        messages.success(request, _in_draft(request, f"Retired “{theme.name}”"))
    return redirect("coding:codebook", ws=ws)


@require_POST
@workspace_view(Cap.CODE)
def theme_restore(request, ws, theme_id):
    theme = get_workspace_object(request, Theme, theme_id)
    with errors_as_message(request):
        codebook_services.restore_theme(theme=theme, user=request.user)
        messages.success(request, _in_draft(request, f"Restored “{theme.name}”"))
    return redirect("coding:codebook", ws=ws)


@require_POST
@workspace_view(Cap.CODE)
def codebook_publish(request, ws):
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Open the codebook again and publish the draft from there.")
        return redirect("coding:codebook", ws=ws)
    with errors_as_message(request):
        version = publishing.publish_codebook(
            workspace=request.workspace,
            user=request.user,
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
        )
        waiting = publishing.excerpts_to_review(request.workspace)
        review = (
            f" {_excerpts(waiting)} coded under a definition that has changed since: each "
            "program's Code page lists them for review."
            if waiting
            else ""
        )
        messages.success(
            request, f"Published version {version.number}: coders now code under it.{review}"
        )
    return redirect("coding:codebook", ws=ws)


@require_POST
@workspace_view(Cap.CODE)
def codebook_discard(request, ws):
    form = DiscardForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Open the codebook again and discard the draft from there.")
        return redirect("coding:codebook", ws=ws)
    with errors_as_message(request):
        publishing.discard_draft(
            workspace=request.workspace,
            user=request.user,
            expected_version=form.cleaned_data["version"],
        )
        messages.success(request, "Discarded the draft: the codebook stays as published.")
    return redirect("coding:codebook", ws=ws)


@workspace_view(Cap.VIEW_EVIDENCE)
def codebook_versions(request, ws):
    """Every version of the codebook, and two of them side by side."""
    versions = list(
        CodebookVersion.objects.filter(workspace=request.workspace)
        .defer("themes", "meanings")
        .select_related("published_by")
        .order_by("-number")
    )
    labels = {v.number: f"Version {v.number}{' (draft)' if v.is_draft else ''}" for v in versions}
    # By default the newest two: the draft against the current version, or the last change.
    pair: dict[str, int] = (
        {"old": versions[1].number, "new": versions[0].number} if len(versions) > 1 else {}
    )
    form = CompareForm(
        request.GET if "old" in request.GET else None,
        initial=pair,
        numbers=[(number, label) for number, label in labels.items()],
    )
    if form.is_bound:
        pair = form.cleaned_data if form.is_valid() else {}
    everything = compared(request.workspace, pair["old"], pair["new"]) if pair else []
    changes = changed_only(everything)
    return render(
        request,
        "coding/codebook_versions.html",
        {
            "versions": versions,
            "form": form,
            "pair": pair,
            "old_label": labels[pair["old"]] if pair else "",
            "new_label": labels[pair["new"]] if pair else "",
            "changes": changes,
            "unchanged": len(everything) - len(changes),
        },
    )


@require_POST
@workspace_view(Cap.CODE)
def pack_enable(request, ws):
    form = PackForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an industry pack.")
        return redirect("coding:codebook", ws=ws)
    with errors_as_message(request):
        added = codebook_services.enable_pack(
            workspace=request.workspace, user=request.user, pack=form.cleaned_data["pack"]
        )
        messages.success(request, f"Added {len(added)} themes from the pack.")
    return redirect("coding:codebook", ws=ws)


@workspace_view(Cap.VIEW_EVIDENCE)
def codebook_csv(request, ws):
    response = HttpResponse(
        codebook_files.export_csv(request.workspace), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="codebook-{ws}.csv"'
    return response


@workspace_view(Cap.VIEW_EVIDENCE)
def codebook_qdc(request, ws):
    response = HttpResponse(
        codebook_files.export_qdc(request.workspace), content_type="application/xml"
    )
    response["Content-Disposition"] = f'attachment; filename="codebook-{ws}.qdc"'
    return response


@require_POST
@workspace_view(Cap.CODE)
def codebook_import(request, ws):
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a CSV file to import.")
        return redirect("coding:codebook", ws=ws)
    upload = form.cleaned_data["file"]
    if upload.size > codebook_files.MAX_BYTES:
        messages.error(request, "The file is larger than 2 MB.")
        return redirect("coding:codebook", ws=ws)
    try:
        counts = codebook_files.import_csv(
            workspace=request.workspace,
            user=request.user,
            content=upload.read(),
            file_name=upload.name,
        )
    except codebook_files.CodebookFileError as error:
        return _codebook_page(request, import_errors=error.errors)
    messages.success(
        request, f"Imported the codebook: {counts['created']} new, {counts['updated']} updated."
    )
    return redirect("coding:codebook", ws=ws)


@workspace_view(Cap.VIEW_EVIDENCE)
def review_queue(request, ws, program_id):
    """The program's excerpts coded under a definition of their theme that has changed since,
    each beside what changed, to confirm or recode."""
    program = get_workspace_object(request, Program, program_id)
    published = published_meanings(request.workspace.pk)
    queue = to_review(program, published)
    per_theme = list(
        queue.order_by("theme__position", "theme_id")
        .values_list("theme__name")
        .annotate(n=Count("pk"))
    )
    page = Paginator(
        queue.select_related("theme", "interview__entry__deal__account", "coder").order_by(
            "theme__position", "theme_id", "codebook_version_id", "pk"
        ),
        50,
    ).get_page(request.GET.get("page"))
    excerpts = list(page.object_list)
    groups = []
    if excerpts:
        current_pk = published[-1][0]
        coded_under = {e.codebook_version_id for e in excerpts if e.codebook_version_id}
        versions = entries_by_theme(coded_under | {current_pk})
        now = versions[current_pk][1]
        names = {e["slug"]: e["name"] for e in now.values()}
        for (theme_id, version_id), items in groupby(
            excerpts, key=lambda e: (e.theme_id, e.codebook_version_id)
        ):
            number, then = versions[version_id]
            change = compare_entries(then.get(theme_id), now.get(theme_id), names)
            groups.append((change, f"Coded under version {number}", list(items)))
    return render_step(
        request,
        program,
        "code",
        "coding/review_queue.html",
        {
            "page": page,
            "groups": groups,
            "per_theme": per_theme,
            "current": published[-1][1] if published else None,
            "new_label": f"Now (version {published[-1][1]})" if published else "",
            "can_code": can(request, Cap.CODE),
            "review_form": ReviewForm(workspace=request.workspace),
        },
    )


@require_POST
@workspace_view(Cap.CODE)
def review_decide(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    form = ReviewForm(request.POST, workspace=request.workspace)
    back = redirect("coding:review_queue", ws=ws, program_id=program.pk)
    if not form.is_valid() or not form.excerpt_ids():
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(
            request,
            problems or "Tick the excerpts, then say whether they still fit or recode them.",
        )
        return back
    ids = form.excerpt_ids()
    with errors_as_message(request):
        if form.cleaned_data["decision"] == ReviewForm.FITS:
            confirmed = coding_services.confirm_excerpts(
                program=program, excerpt_ids=ids, user=request.user
            )
            messages.success(
                request, f"Confirmed {_excerpts(confirmed)} as fitting the theme as defined now."
            )
        else:
            theme = form.cleaned_data["theme"]
            moved = coding_services.recode_excerpts(
                program=program, excerpt_ids=ids, theme=theme, user=request.user
            )
            messages.success(request, f"Recoded {_excerpts(moved)} to {theme.name}.")
    return back
