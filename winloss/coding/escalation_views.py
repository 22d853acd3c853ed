"""Suggested escalations on the coding screen (SOP step 9 from step 7): the system points at
a passage, a person confirms it with an owner and a date."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from winloss.accounts.access import workspace_view
from winloss.accounts.roles import Cap
from winloss.escalations.services import raise_escalation
from winloss.interviews.queries import get_interview
from winloss.lib.errors import errors_as_message

from .escalation_detect import detect
from .hints import ConfirmForm
from .passages import find_passage
from .views import screen_url


@require_POST
@workspace_view(Cap.ESCALATE)
def confirm(request, ws, program_id, interview_id):
    interview = get_interview(request, program_id, interview_id)
    key = request.POST.get("passage", "")
    back = redirect(screen_url(ws, interview.program_id, interview.pk, key))
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
