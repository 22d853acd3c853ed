"""SOP step 7, the codebook: one per workspace, seeded with the SOP's seven themes."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.lib.errors import errors_as_message, errors_on_form

from ..memos.queries import memos_across_programs
from ..models import CodedExcerpt, Theme
from ..queries import codebook_for
from . import files as codebook_files
from . import services as codebook_services
from .forms import ImportForm, MergeForm, NewThemeForm, PackForm, ThemeForm


def _codebook_page(request, **context):
    counts = dict(
        CodedExcerpt.objects.filter(workspace=request.workspace)
        .values_list("theme")
        .annotate(n=Count("id"))
        .order_by()
    )
    # Each theme with its excerpts in the workspace.
    themes = [(theme, counts.get(theme.pk, 0)) for theme in codebook_for(request.workspace)]
    merged = Theme.objects.filter(workspace=request.workspace, is_active=False).select_related(
        "merged_into"
    )
    return render(
        request,
        "coding/codebook.html",
        {
            "themes": themes,
            "merged": merged,
            "can_code": can(request, Cap.CODE),
            "new_form": context.pop("new_form", None) or NewThemeForm(workspace=request.workspace),
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


@workspace_view(Cap.CODE)
def theme_edit(request, ws, theme_id):
    theme = get_workspace_object(request, Theme, theme_id, is_active=True)
    form = ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        with errors_on_form(form):
            codebook_services.update_theme(
                theme, user=request.user, expected_version=form.cleaned_data["version"], **fields
            )
            messages.success(request, f"Saved the theme “{theme.name}”.")
            return redirect("coding:codebook", ws=ws)
    return render(
        request,
        "coding/theme_edit.html",
        {
            "theme": theme,
            "form": form,
            "merge_form": MergeForm(theme=theme),
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
        moved = codebook_services.merge_themes(source=theme, target=target, user=request.user)
        messages.success(
            request, f"Merged “{theme.name}” into “{target.name}”: {moved} excerpts moved."
        )
    return redirect("coding:codebook", ws=ws)


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
