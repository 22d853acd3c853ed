"""Suggested escalations on the coding screen (SOP step 9 from step 7): the system points at
a passage, a person confirms it with an owner and a date."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, workspace_view
from winloss.accounts.models import User
from winloss.accounts.roles import Cap
from winloss.escalations.models import Category, Escalation
from winloss.escalations.services import raise_escalation
from winloss.lib.errors import errors_as_message

from .escalation_detect import detect
from .passages import find_passage
from .views import _interview, _screen_url

RESPONSE_DAYS = 5


class ConfirmForm(forms.Form):
    owner = forms.ModelChoiceField(queryset=User.objects.none())
    expected_response_by = forms.DateField(
        label="Expected response by", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            memberships__workspace=workspace
        ).order_by("name", "email")
        self.initial.setdefault(
            "expected_response_by", timezone.localdate() + dt.timedelta(days=RESPONSE_DAYS)
        )


def attach_hints(request, interview, passages) -> dict:
    """Each passage's escalation hints, without those already confirmed."""
    confirmed = set(
        Escalation.objects.filter(interview=interview).values_list("category", "passage")
    )
    labels = dict(Category.choices)
    for passage in passages:
        passage.hints = [
            {"hint": hint, "label": labels.get(hint.category, hint.category)}
            for hint in detect(passage.text)
            if (hint.category, hint.passage.strip()) not in confirmed
        ]
    may_escalate = can(request, Cap.ESCALATE) and any(p.hints for p in passages)
    form = ConfirmForm(workspace=request.workspace) if may_escalate else None
    return {
        "may_escalate": may_escalate,
        "owners": list(form.fields["owner"].queryset) if form else [],
        "respond_by": form.initial["expected_response_by"] if form else None,
    }


@require_POST
@workspace_view(Cap.ESCALATE)
def confirm(request, ws, program, interview):
    program_obj, interview = _interview(request, program, interview)
    key = request.POST.get("passage", "")
    back = redirect(_screen_url(ws, program_obj.pk, interview.pk, key))
    passage = find_passage(interview, key)
    start = request.POST.get("start", "")
    hint = next(
        (
            h
            for h in (detect(passage.text) if passage else [])
            if h.category == request.POST.get("category") and str(h.start) == start
        ),
        None,
    )
    form = ConfirmForm(request.POST, workspace=request.workspace)
    if hint is None or not form.is_valid():
        messages.error(request, "Choose the suggested escalation, its owner and a response date.")
        return back
    with errors_as_message(request):
        raise_escalation(
            interview=interview,
            category=hint.category,
            passage=hint.passage,
            owner=form.cleaned_data["owner"],
            expected_response_by=form.cleaned_data["expected_response_by"],
            user=request.user,
            source="coding",
        )
        messages.success(request, f"Escalated to {form.cleaned_data['owner']}.")
    return back
