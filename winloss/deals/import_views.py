"""The web side of deal imports: upload, map the columns, check (dry run), import.

The file is stored once on upload; the dry run and the import that follows read the same stored
file. Work runs as a background job whose page polls until it ends.
"""

from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from winloss.accounts.access import get_workspace_object, workspace_view
from winloss.accounts.models import Workspace
from winloss.accounts.roles import Cap
from winloss.jobs.models import Job
from winloss.lib.errors import errors_as_message, errors_on_form
from winloss.lib.forms import is_id
from winloss.lib.tables.reading import open_table

from .imports import ImportFailed
from .imports.background import start_deal_import
from .imports.enrich import enrichment_kind
from .imports.enrich_apply import KINDS
from .imports.formats import FIELDS, FORMAT_NAMES, Mapping, guess_mapping
from .imports.mappings import saved_columns
from .imports.stored import imports_folder, open_upload, store_upload, stored_name
from .models import SavedMapping

DATE_ORDERS = [
    ("", "Detect from the file"),
    ("dmy", "Day first (31/12/2025)"),
    ("mdy", "Month first (12/31/2025)"),
]


class UploadForm(forms.Form):
    file = forms.FileField(
        help_text="CSV, TSV or XLSX: a Salesforce or HubSpot export, or any spreadsheet of deals."
    )
    file_format = forms.ChoiceField(
        label="Format", choices=[("auto", "Recognise it"), *FORMAT_NAMES.items()]
    )
    date_order = forms.ChoiceField(label="Dates", choices=DATE_ORDERS, required=False)
    mapping = forms.ChoiceField(label="Saved column mapping", required=False)

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = SavedMapping.objects.filter(workspace=workspace).values_list("name", flat=True)
        mapping = cast(forms.ChoiceField, self.fields["mapping"])
        mapping.choices = [("", "Guess from the column names")] + [(n, n) for n in names]


def _program_of(params) -> str:
    """The program an import was started from (its sample page links here), so the result
    can lead back to it; only a number is kept."""
    value = params.get("program", "")
    return value if is_id(value) else ""


def _program_sample(ws: str, program: str) -> str:
    return reverse("programs:sample", kwargs={"ws": ws, "program_id": program}) if program else ""


def _own_upload(request, stored: str) -> str:
    """The stored upload's name, only if it is one of this workspace's uploads."""
    try:
        name = stored_name(stored)
    except ImportFailed:
        raise Http404("No such upload.") from None
    if not name.startswith(imports_folder(request.workspace) + "/"):
        raise Http404("No such upload.")
    if not default_storage.exists(name):
        raise Http404("No such upload.")
    return name


@workspace_view(Cap.EDIT_DEALS)
def import_upload(request, ws):
    form = UploadForm(request.POST or None, request.FILES or None, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with errors_on_form(form, "file"):
            stored = store_upload(workspace=request.workspace, upload=data["file"])
            query = {
                "file": stored,
                "name": data["file"].name,
                "format": data["file_format"],
                "dates": data["date_order"],
                "mapping": data["mapping"],
                "program": _program_of(request.POST),
            }
            url = reverse("deals:import_map", kwargs={"ws": ws})
            return redirect(f"{url}?{urlencode(query)}")
    program = _program_of(request.POST if request.method == "POST" else request.GET)
    return render(
        request,
        "deals/import_upload.html",
        {"form": form, "program": program, "program_sample": _program_sample(ws, program)},
    )


@workspace_view(Cap.EDIT_DEALS)
def import_map(request, ws):
    params = request.POST if request.method == "POST" else request.GET
    stored, name = params.get("file", ""), params.get("name", "upload")
    file_format, date_order = params.get("format") or "auto", params.get("dates") or None
    _own_upload(request, stored)
    error, headers, columns, companion = None, [], None, None
    try:
        with open_upload(stored) as handle, open_table(handle) as table:
            headers = list(table.headers)
        companion = enrichment_kind(headers)
        if companion is not None:
            # A companion file (accounts, competitors, contact roles, …) has known columns
            # and adds to what is there: nothing to map.
            mapping = Mapping(format=companion, columns={})
        else:
            if params.get("mapping") and request.method == "GET":
                columns = saved_columns(workspace=request.workspace, name=params["mapping"])
            if request.method == "POST":
                columns = {h: request.POST.get(f"col-{i}", "") for i, h in enumerate(headers)}
            mapping = guess_mapping(headers, file_format=file_format, columns=columns)
    except ImportFailed as failure:
        error, mapping = str(failure), None
    if request.method == "POST" and mapping is not None:
        try:
            job = start_deal_import(
                workspace=request.workspace,
                user=request.user,
                stored=stored,
                file_name=name,
                file_format=file_format,
                columns=columns,
                date_order=date_order,
                # Anything but an explicit import or valid-rows import is a check.
                dry_run=request.POST.get("action") not in ("import", "valid_only"),
                valid_only=request.POST.get("action") == "valid_only",
                save_as=request.POST.get("save_as", "") if companion is None else "",
            )
        except ImportFailed as failure:
            error = str(failure)
        else:
            request.session[f"import-{job.pk}"] = {
                "file": stored,
                "name": name,
                "format": file_format,
                "dates": date_order or "",
                "columns": columns,
                "program": _program_of(params),
            }
            return redirect("deals:import_job", ws=ws, job_id=job.pk)
    chosen = mapping.columns if mapping else {}
    rows = [] if companion else [(i, h, chosen.get(h, "")) for i, h in enumerate(headers)]
    return render(
        request,
        "deals/import_map.html",
        {
            "rows": rows,
            "fields": [(k, v[0]) for k, v in FIELDS.items()],
            "error": error,
            "mapping": mapping,
            "file": stored,
            "name": name,
            "format": file_format,
            "dates": date_order or "",
            "format_name": FORMAT_NAMES.get(mapping.format, "") if mapping else "",
            "companion": KINDS.get(companion or ""),
            "program": _program_of(params),
        },
    )


@workspace_view(Cap.EDIT_DEALS)
def import_job(request, ws, job_id):
    job = get_workspace_object(request, Job, job_id)
    follow_up = request.session.get(f"import-{job.pk}")
    if request.method == "POST" and follow_up and job.is_finished:
        action = request.POST.get("action")
        with errors_as_message(request):
            next_job = start_deal_import(
                workspace=request.workspace,
                user=request.user,
                stored=follow_up["file"],
                file_name=follow_up["name"],
                file_format=follow_up["format"],
                columns=follow_up["columns"],
                date_order=follow_up["dates"] or None,
                valid_only=action == "valid_only",
            )
            request.session[f"import-{next_job.pk}"] = follow_up
            return redirect("deals:import_job", ws=ws, job_id=next_job.pk)
    template = "deals/_import_job.html" if request.htmx else "deals/import_job.html"
    return render(
        request,
        template,
        {
            "job": job,
            "result": job.result or {},
            "can_continue": bool(follow_up),
            "dry_run": (job.result or {}).get("dry_run", False),
            "program_sample": _program_sample(ws, _program_of(follow_up or {})),
        },
    )


@workspace_view(Cap.EDIT_DEALS)
def import_rejected(request, ws, job_id):
    """The rows an import left out, as a CSV to fix and import again (``imports.rejects``)."""
    job = get_workspace_object(request, Job, job_id)
    stored = (job.result or {}).get("rejected_file")
    if not stored:
        raise Http404("This import kept no rejected rows.")
    return FileResponse(
        default_storage.open(_own_upload(request, stored), "rb"),
        as_attachment=True,
        filename=f"rejected-rows-{job.pk}.csv",
        content_type="text/csv; charset=utf-8",
    )
