"""Inter-coder agreement: assign second coders, read kappa and alpha, settle disagreements."""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.models import User, Workspace
from winloss.accounts.roles import Cap
from winloss.interviews.models import Interview
from winloss.lib.errors import errors_as_message
from winloss.lib.forms import is_id
from winloss.programs.models import Program
from winloss.programs.steps import render_step

from ..models import SecondCoding, Theme
from ..queries import codebook_for
from . import services as agreement_services


class AssignForm(forms.Form):
    coder: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(
        label="Second coder", queryset=None
    )
    share = forms.IntegerField(
        label="Share of the validated interviews (%)", min_value=1, max_value=100, initial=20
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = agreement_services.coders_of(workspace).values_list("user_id", flat=True)
        coder = cast(forms.ModelChoiceField, self.fields["coder"])
        coder.queryset = User.objects.filter(pk__in=members).order_by("name")


@workspace_view(Cap.VIEW_EVIDENCE)
def agreement(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    result = agreement_services.agreement_for(program)
    names = {t.slug: t.name for t in Theme.objects.filter(workspace=request.workspace)}
    page = Paginator(result.disagreements, 50).get_page(request.GET.get("page"))
    interviews = Interview.objects.in_bulk({d.interview_id for d in page.object_list})
    rows = [
        {
            "d": d,
            "interview": interviews.get(d.interview_id),
            "a": [names.get(s, s) for s in d.a],
            "b": [names.get(s, s) for s in d.b],
        }
        for d in page.object_list
    ]
    return render_step(
        request,
        program,
        "code",
        "coding/agreement.html",
        {
            "result": result,
            "kappas": [(names.get(s, s), k) for s, k in result.kappas.items()],
            "page": page,
            "rows": rows,
            "themes": codebook_for(request.workspace),
            "assigned": SecondCoding.objects.filter(program=program)
            .select_related("coder", "interview__entry__deal__account")
            .order_by("pk"),
            "assign_form": AssignForm(workspace=request.workspace),
            "can_code": can(request, Cap.CODE),
        },
    )


@require_POST
@workspace_view(Cap.CODE)
def assign(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    form = AssignForm(request.POST, workspace=request.workspace)
    if not form.is_valid():
        messages.error(request, "Choose a second coder and a share between 1 and 100%.")
        return redirect("coding:agreement", ws=ws, program_id=program.pk)
    with errors_as_message(request):
        made = agreement_services.assign_second_coder(
            program=program,
            coder=form.cleaned_data["coder"],
            share=form.cleaned_data["share"] / 100,
            user=request.user,
        )
        messages.success(
            request, f"{form.cleaned_data['coder']} will code {len(made)} interviews a second time."
        )
    return redirect("coding:agreement", ws=ws, program_id=program.pk)


@require_POST
@workspace_view(Cap.CODE)
def settle(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    back = reverse("coding:agreement", kwargs={"ws": ws, "program_id": program.pk})
    raw = request.POST.get("interview", "")
    interview = (
        Interview.objects.filter(program=program, workspace=request.workspace, pk=raw).first()
        if is_id(raw)
        else None
    )
    if interview is None:
        messages.error(request, "Choose the passage to settle.")
        return redirect(back)
    ids = [v for v in request.POST.getlist("theme") if is_id(v)]
    themes = list(Theme.objects.filter(workspace=request.workspace, pk__in=ids))
    with errors_as_message(request):
        agreement_services.settle(
            interview=interview,
            passage_key=request.POST.get("passage", ""),
            themes=themes,
            user=request.user,
        )
        messages.success(request, "Settled: the agreed themes are recorded.")
    return redirect(back)
