"""SOP step 8 pages: drivers, cuts, competitors, the perception gap and trends, each figure
opening the excerpts behind it. Filters live in the URL, so a view can be shared."""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.activity.figures import cached
from winloss.coding.memos.queries import memos_about
from winloss.coding.models import CodedExcerpt, SecondCoding, Theme
from winloss.coding.summary import uncounted
from winloss.lib.forms import IdsChoiceField
from winloss.programs.models import Program
from winloss.programs.steps import render_step

from . import charts, services
from .cards import card_from
from .cuts import CUTS
from .drivers import outcome_label
from .figures import analysis
from .queries import theme_and_below
from .scope import FILTERS, known_values, scope_from


@workspace_view(Cap.VIEW_EVIDENCE)
def step_page(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    scope = scope_from(program, request.GET)
    figures = analysis(scope)
    context = {
        "card": card_from(figures),
        "figures": figures,
        "query": request.GET.urlencode(),
        "filters": scope.filters,
        "filter_names": list(FILTERS),
        "outcome_label": outcome_label,
        "cut_labels": {k: v[0] for k, v in CUTS.items()},
    }
    if request.htmx:
        return render(request, "analysis/_figures.html", {"program": program, **context})
    # The figures' tables are most of the page's work: kept as rendered, beside the figures
    # they show and under the same data version, for this program, filter and address.
    shown = {"program": program, **context}
    context["figures_html"] = cached(
        program.workspace_id,
        "analysis-page",
        (program.pk, program.version, request.workspace.slug, context["query"]),
        lambda: render_to_string("analysis/_figures.html", shown, request),
    )
    context["known"] = known_values(program, ["industry", "tier"])
    context["memos"] = memos_about(program)
    context["may_write_memos"] = can(request, Cap.CODE)
    if can(request, Cap.EDIT_SCOPE):
        context["criteria_form"] = CriteriaForm(
            program=program,
            initial={"themes": list(program.expected_criteria.values_list("theme", flat=True))},
        )
    return render_step(request, program, "analyse", "analysis/analyse.html", context)


class CriteriaForm(forms.Form):
    themes = IdsChoiceField(
        label="Buying criteria we expected to win on",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Set beside what buyers said mattered, to find where expectations were wrong.",
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The field as declared above: the form's field dict knows it only as a Field.
        themes = cast(IdsChoiceField, self.fields["themes"])
        themes.queryset = Theme.objects.filter(
            workspace=program.workspace, is_active=True
        ).order_by("position", "pk")


@require_POST
@workspace_view(Cap.EDIT_SCOPE)
def expected_criteria(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    form = CriteriaForm(request.POST, program=program)
    if form.is_valid():
        services.set_expected_criteria(
            program=program, themes=form.cleaned_data["themes"], user=request.user
        )
        messages.success(request, "Expected buying criteria saved.")
    else:
        messages.error(request, "Choose themes of this workspace's codebook.")
    return redirect("analysis:analyse", ws=ws, program_id=program.pk)


@workspace_view(Cap.VIEW_EVIDENCE)
def excerpts(request, ws, program_id):
    """Drill-down: exactly the excerpts that make up a figure (theme, direction, filters)."""
    program = get_workspace_object(request, Program, program_id)
    scope = scope_from(program, request.GET)
    double_coded = SecondCoding.objects.filter(program=program).values_list(
        "interview_id", flat=True
    )
    rows = (
        CodedExcerpt.objects.filter(interview__in=scope.interviews().values("pk"))
        # a second coder's codes not yet settled are in no figure, so not behind one either
        .exclude(pk__in=uncounted(double_coded))
        .select_related("theme", "interview__entry__deal", "competitor")
        .order_by("interview_id", "pk")
    )
    if request.GET.get("theme"):
        themes = theme_and_below(program.workspace, request.GET["theme"])
        rows = rows.filter(theme_id__in=themes)
    if request.GET.get("direction"):
        rows = rows.filter(direction=request.GET["direction"])
    return render_step(
        request,
        program,
        "analyse",
        "analysis/excerpts.html",
        {"page": Paginator(rows, 50).get_page(request.GET.get("page")), "params": request.GET},
    )


def _svg(svg: bytes) -> HttpResponse:
    # Served from our own origin as an <img>, so the strict CSP (img-src 'self') holds.
    return HttpResponse(svg, content_type="image/svg+xml")


def _figures(request, program: int, parts: set[str]) -> dict:
    program_obj = get_workspace_object(request, Program, program)
    return analysis(scope_from(program_obj, request.GET), only=parts)


@workspace_view(Cap.VIEW_EVIDENCE)
def drivers_chart(request, ws, program_id):
    return _svg(charts.drivers_chart(_figures(request, program_id, {"drivers"})))


@workspace_view(Cap.VIEW_EVIDENCE)
def cuts_chart(request, ws, program_id, cut):
    if cut not in CUTS:
        raise Http404("There is no such cut.")
    return _svg(charts.cuts_chart(_figures(request, program_id, {"drivers", "cuts"}), cut))


@workspace_view(Cap.VIEW_EVIDENCE)
def trends_chart(request, ws, program_id):
    return _svg(charts.trends_chart(_figures(request, program_id, {"trends"})))


@workspace_view(Cap.VIEW_EVIDENCE)
def competitor_chart(request, ws, program_id):
    return _svg(charts.competitor_chart(_figures(request, program_id, {"competitors"})))
