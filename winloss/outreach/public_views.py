"""The respondent's pages: no account, one signed link, every choice checked on the server."""

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from . import consent, links, services
from .forms import TIME_ZONES, BookingForm, DeclineForm, RescheduleForm
from .models import ConsentKind, LinkPurpose
from .slots import open_slots

# Generous for a person, tight for a script trying tokens.
RATE = "30/m"


def _zone(request, appointment) -> ZoneInfo:
    name = request.POST.get("timezone") or request.GET.get("tz") or appointment.respondent_timezone
    if name not in TIME_ZONES:
        name = timezone.get_default_timezone_name()
    return ZoneInfo(name)


def _days(slots: list[dt.datetime], zone: ZoneInfo) -> list[tuple[dt.date, list]]:
    days: dict[dt.date, list] = defaultdict(list)
    for slot in slots:
        local = slot.astimezone(zone)
        days[local.date()].append((local.isoformat(), local))
    return sorted(days.items())


def _unusable(request, error: Exception, status: int = 410) -> HttpResponse:
    return render(
        request, "outreach/respondent_unusable.html", {"message": str(error)}, status=status
    )


@ratelimit(key="ip", rate=RATE, method=ratelimit.ALL, block=True)
@require_http_methods(["GET", "POST"])
def respondent_link(request, token):
    try:
        link = links.resolve(token)
    except links.LinkUnusable as error:
        return _unusable(request, error)
    appointment = link.appointment
    zone = _zone(request, appointment)
    context = {"link": link, "appointment": appointment, "program": appointment.program}
    action = request.POST.get("action", "")
    initial = {"timezone": zone.key, "attribution": "anonymous", "notes_allowed": True}
    booking = BookingForm(request.POST if action == "book" else None, initial=initial)
    moving = RescheduleForm(request.POST if action == "reschedule" else None, initial=initial)
    declining = DeclineForm(request.POST if action in ("decline", "cancel") else None)
    try:
        if action == "book" and booking.is_valid():
            return _booked(request, token, booking, context)
        if action == "reschedule" and moving.is_valid():
            services.reschedule(
                token,
                starts_at=moving.cleaned_data["slot"],
                timezone_name=moving.cleaned_data["timezone"],
            )
            return render(request, "outreach/respondent_done.html", {**context, "done": "moved"})
        if action in ("decline", "cancel") and declining.is_valid():
            reason = declining.cleaned_data["reason"]
            if action == "decline":
                services.decline(token, reason=reason)
            else:
                services.cancel(token, reason=reason)
            return render(request, "outreach/respondent_done.html", {**context, "done": action})
    except links.LinkUnusable as error:
        return _unusable(request, error)
    except services.OutreachError as error:
        (moving if action == "reschedule" else booking).add_error(None, str(error))
    context.update(
        booking=booking,
        moving=moving,
        declining=declining,
        zone=zone,
        zones=TIME_ZONES,
        days=_days(open_slots(appointment), zone),
        manage=link.purpose == LinkPurpose.MANAGE,
        when_local=appointment.starts_at.astimezone(zone) if appointment.starts_at else None,
        statement=consent.render(
            consent.current_text(appointment.workspace, ConsentKind.STATEMENT),
            program=appointment.program,
        ),
        recording=consent.render(
            consent.current_text(appointment.workspace, ConsentKind.RECORDING),
            program=appointment.program,
        ),
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "outreach/respondent.html", context, status=status)


def _booked(request, token, booking, context):
    data = booking.cleaned_data
    appointment = services.book(
        token,
        starts_at=data["slot"],
        format=data["format"],
        timezone_name=data["timezone"],
        answers=services.ConsentAnswers(
            notes_allowed=data["notes_allowed"],
            recording_allowed=data["recording_allowed"],
            transcription_allowed=data["transcription_allowed"],
            attribution=data["attribution"],
        ),
        location=data["location"],
        concerns=data["concerns"],
    )
    zone = ZoneInfo(appointment.respondent_timezone)
    return render(
        request,
        "outreach/respondent_done.html",
        {**context, "done": "booked", "when_local": appointment.starts_at.astimezone(zone)},
    )


def too_many(request, exception) -> HttpResponse:
    return render(
        request,
        "outreach/respondent_unusable.html",
        {"message": "Too many attempts from your network. Wait a minute and try again."},
        status=429,
    )
