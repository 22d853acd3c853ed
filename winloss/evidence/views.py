"""The evidence library's page: one search over every program's and wave's coded excerpts,
its saved searches and the export of what it found. Everyone in the workspace may search;
what each person finds, and whether its deal and interview are linked, follows their role
(``queries``)."""

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.lib.errors import errors_as_message
from winloss.lib.spreadsheets import TABLE_TYPES, table_bytes

from . import services
from .forms import SaveSearchForm, SearchForm
from .models import SavedSearch
from .queries import PAGE_SIZE, Filters, Found, filtered, in_order, library, series, shown

EXPORT_LIMIT = 5000  # rows a download holds; the page says so when a search finds more
COLUMNS = [
    "Text",
    "Theme",
    "Direction",
    "Outcome",
    "Program",
    "Wave",
    "Interviewed",
    "Respondent",
    "Competitor",
    "Segment",
    "Region",
    "What it is",
]


def _search(request, data: Any) -> tuple[SearchForm, Any, dict[int, list[int]]]:
    """The form over ``data`` and the ids of the excerpts it finds, in order (none while the
    form is invalid)."""
    waves = series(request.workspace)
    form = SearchForm(data, workspace=request.workspace, waves=waves)
    filters = form.filters() if form.is_valid() else Filters()
    excerpts = library(request.workspace, evidence=can(request, Cap.VIEW_EVIDENCE))
    found = filtered(excerpts, filters, waves) if not form.errors else excerpts.none()
    return form, found.values_list("pk", flat=True), waves


def _query(request) -> str:
    """The search's filters as a query string, without the page number."""
    data = request.GET.copy()
    data.pop("page", None)
    return data.urlencode()


@workspace_view(Cap.VIEW)
def search_page(request, ws):
    form, excerpts, waves = _search(request, request.GET)
    page = Paginator(excerpts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evidence/search.html",
        {
            "form": form,
            "page": page,
            "found": shown(in_order(list(page.object_list)), waves),
            "query": _query(request),
            "links": can(request, Cap.VIEW_EVIDENCE),
            "export_limit": EXPORT_LIMIT,
            "saved": SavedSearch.objects.filter(
                workspace=request.workspace, owner=request.user
            ).only("name", "query"),
            "save_form": SaveSearchForm(initial={"query": _query(request)}),
            # What of this search one may follow for a weekly digest (``digests``).
            "follows": form.followable() if form.is_valid() else [],
        },
    )


def _rows(found: list[Found], links: bool) -> Iterator[list[Any]]:
    for item in found:
        row = item.as_dict()
        e = item.excerpt
        cells = [
            row["text"],
            row["theme_name"],
            e.get_direction_display(),
            e.interview.entry.get_outcome_display(),
            row["program"],
            row["wave"],
            e.interview.completed_at,
            item.source,
            row["competitor"],
            row["segment"],
            row["region"],
            row["kind"],
        ]
        if links:
            cells += [e.interview.entry.deal_id, e.interview_id]
        yield cells


@workspace_view(Cap.VIEW)
def export(request, ws, fmt):
    form, excerpts, waves = _search(request, request.GET)
    if form.errors:
        messages.error(request, "Fix the search's filters before downloading it.")
        return redirect(reverse("evidence:search", kwargs={"ws": ws}) + f"?{_query(request)}")
    links = can(request, Cap.VIEW_EVIDENCE)
    found: list[Found] = []
    for start in range(0, EXPORT_LIMIT, 500):  # a bounded number of queries per 500 rows
        chunk = shown(in_order(list(excerpts[start : start + 500])), waves)
        found += chunk
        if len(chunk) < 500:
            break
    columns = COLUMNS + (["Deal id", "Interview id"] if links else [])
    data = table_bytes(fmt, columns, _rows(found, links), sheet="Evidence")
    response = HttpResponse(data, content_type=TABLE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="evidence-{ws}.{fmt}"'
    return response


@require_POST
@workspace_view(Cap.VIEW)
def save_search(request, ws):
    form = SaveSearchForm(request.POST)
    query = request.POST.get("query", "")
    if form.is_valid():
        with errors_as_message(request):
            services.save_search(
                workspace=request.workspace,
                owner=request.user,
                name=form.cleaned_data["name"],
                query=form.cleaned_data["query"],
            )
            messages.success(request, f"Search “{form.cleaned_data['name']}” saved.")
    else:
        messages.error(request, "Give the search a name of at most 100 characters.")
    return redirect(reverse("evidence:search", kwargs={"ws": ws}) + (f"?{query}" if query else ""))


@require_POST
@workspace_view(Cap.VIEW)
def delete_search(request, ws, search_id):
    # Only one's own: another person's saved search is "not found", as if it did not exist.
    search = get_workspace_object(request, SavedSearch, search_id, owner=request.user)
    with errors_as_message(request):
        services.delete_search(search, user=request.user)
        messages.success(request, f"Search “{search.name}” deleted.")
    return redirect("evidence:search", ws=ws)
