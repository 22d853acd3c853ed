"""The interviewer's availability page: the windows they offer, their private calendar feed,
and the free/busy calendar whose busy times are kept out of the slots offered."""

import datetime as dt
from urllib.parse import urlsplit

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from winloss.accounts.access import get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.lib.errors import errors_as_message, errors_on_form
from winloss.programs.models import Program
from winloss.programs.steps import render_step

from . import calendars, feeds, windows
from .forms import AvailabilityForm, BusyCalendarForm
from .models import Availability, BusyTime


def _page(request, program_id, *, form=None, busy_form=None):
    windows = Availability.objects.filter(
        workspace=request.workspace, interviewer=request.user, ends_at__gte=timezone.now()
    )
    calendar = calendars.calendar_of(request.workspace, request.user)
    busy = None
    if calendar is not None and calendar.busy_url:
        busy = {
            "calendar": calendar,
            # The address is a secret: its host is enough to recognise it.
            "host": urlsplit(calendar.busy_url).hostname,
            "upcoming": BusyTime.objects.filter(
                calendar=calendar, ends_at__gte=timezone.now()
            ).count(),
        }
    return render_step(
        request,
        program_id,
        "schedule",
        "outreach/availability.html",
        {
            "form": form or AvailabilityForm(),
            "windows": windows,
            "feed_url": feeds.url_for(calendar) if calendar and calendar.feed_nonce else "",
            "busy": busy,
            "busy_form": busy_form or BusyCalendarForm(),
        },
    )


def _back(ws, program_id):
    return redirect("outreach:availability", ws=ws, program_id=program_id)


@workspace_view(Cap.CONDUCT)
def availability(request, ws, program_id):
    get_workspace_object(request, Program, program_id)
    form = AvailabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        zone = timezone.get_current_timezone()
        data = form.cleaned_data
        with errors_on_form(form):
            windows.add_availability(
                workspace=request.workspace,
                interviewer=request.user,
                starts_at=dt.datetime.combine(data["day"], data["start"], zone),
                ends_at=dt.datetime.combine(data["day"], data["end"], zone),
            )
            messages.success(request, "Availability added: respondents can pick times in it.")
            return _back(ws, program_id)
    return _page(request, program_id, form=form)


@require_POST
@workspace_view(Cap.CONDUCT)
def availability_delete(request, ws, program_id, window_id):
    get_workspace_object(request, Program, program_id)
    windows.remove_availability(
        workspace=request.workspace, interviewer=request.user, window=window_id
    )
    messages.success(request, "Window removed; interviews already booked in it stay.")
    return _back(ws, program_id)


@require_POST
@workspace_view(Cap.CONDUCT)
def feed_reset(request, ws, program_id):
    get_workspace_object(request, Program, program_id)
    had = calendars.calendar_of(request.workspace, request.user)
    calendars.reset_feed(workspace=request.workspace, interviewer=request.user, user=request.user)
    if had is not None and had.feed_nonce:
        messages.success(request, "New feed address below; the old one no longer works.")
    else:
        messages.success(request, "Your feed address is below: subscribe to it in your calendar.")
    return _back(ws, program_id)


@require_POST
@workspace_view(Cap.CONDUCT)
def busy_save(request, ws, program_id):
    get_workspace_object(request, Program, program_id)
    form = BusyCalendarForm(request.POST)
    if form.is_valid():
        with errors_on_form(form, "url"):
            found = calendars.save_busy_calendar(
                workspace=request.workspace,
                interviewer=request.user,
                url=form.cleaned_data["url"],
                user=request.user,
            )
            messages.success(
                request, f"Calendar saved: {found} busy times in the coming weeks are kept free."
            )
            return _back(ws, program_id)
    return _page(request, program_id, busy_form=form)


@require_POST
@workspace_view(Cap.CONDUCT)
def busy_refresh(request, ws, program_id):
    get_workspace_object(request, Program, program_id)
    calendar = calendars.calendar_of(request.workspace, request.user)
    if calendar is None or not calendar.busy_url:
        messages.error(request, "No free/busy address is saved.")
        return _back(ws, program_id)
    with errors_as_message(request):
        found = calendars.refresh_busy_calendar(calendar.pk, user=request.user)
        messages.success(request, f"Calendar read again: {found} busy times in the coming weeks.")
    return _back(ws, program_id)


@require_POST
@workspace_view(Cap.CONDUCT)
def busy_remove(request, ws, program_id):
    get_workspace_object(request, Program, program_id)
    if calendars.remove_busy_calendar(
        workspace=request.workspace, interviewer=request.user, user=request.user
    ):
        messages.success(request, "Calendar address removed; its busy times no longer count.")
    return _back(ws, program_id)
