"""Escalation hints on the coding screen (SOP step 9 from step 7): passages the system points
at, with the form a person uses to confirm one with an owner and a date."""

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from winloss.accounts.access import can
from winloss.accounts.models import User, Workspace
from winloss.accounts.roles import Cap
from winloss.escalations.models import Category, Escalation

from .escalation_detect import detect

RESPONSE_DAYS = 5


class ConfirmForm(forms.Form):
    owner = forms.ModelChoiceField(queryset=User.objects.none())
    expected_response_by = forms.DateField(
        label="Expected response by", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owners = User.objects.filter(memberships__workspace=workspace).order_by(
            "name", "email"
        )
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = self.owners
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
        "owners": list(form.owners) if form else [],
        "respond_by": form.initial["expected_response_by"] if form else None,
    }
