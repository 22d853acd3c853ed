"""The respondent's pages: no account, one signed link, every choice checked on the server."""

import datetime as dt
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from winloss.lib import zones

from . import consent, emails, feeds, links, services
from .calendar import feed_ics
from .forms import TIME_ZONES, BookingForm, DeclineForm, RescheduleForm
from .models import ConsentKind, LinkPurpose
from .slots import open_slots

# Generous for a person, tight for a script trying tokens.
RATE = "30/m"


def _zone(request, appointment) -> ZoneInfo:
    """The zone the buyer chose (or their browser reported), else the one they booked in."""
    asked = request.POST.get("timezone") or request.GET.get("tz") or appointment.respondent_timezone
    name = zones.canonical(asked) or zones.canonical(timezone.get_default_timezone_name())
    return ZoneInfo(name or "UTC")


def _days(slots: list[dt.datetime], zone: ZoneInfo) -> list[tuple[str, list[tuple[str, str]]]]:
    """Open slots by the buyer's local day, as (value, label). Labels are written here, in the
    buyer's zone: a template's date filter would show the server's zone instead."""
    days: dict[dt.date, list[dt.datetime]] = defaultdict(list)
    for slot in slots:
        local = slot.astimezone(zone)
        days[local.date()].append(local)
    shown = []
    for day, times in sorted(days.items()):
        # On the day the clocks change, name the offset: in autumn one hour comes twice.
        changes = len({t.utcoffset() for t in times}) > 1
        labels = [(t.isoformat(), f"{t:%H:%M}" + (f" {t:%Z}" if changes else "")) for t in times]
        shown.append((f"{day:%A %-d %B}", labels))
    return shown


def _unusable(request, error: links.LinkUnusable) -> HttpResponse:
    return render(
        request, "outreach/respondent_unusable.html", {"message": str(error)}, status=error.status
    )


@ratelimit(key="ip", rate=RATE, method=ratelimit.ALL, block=True)
@require_http_methods(["GET", "POST"])
def respondent_link(request, token):
    try:
        link = links.resolve(token)
    except links.LinkUnusable as error:
        return _unusable(request, error)
    appointment = link.appointment
    if appointment is None:  # resolve() gives interview links only; said for the type checker
        return _unusable(request, links.LinkUnusable(links.NOT_VALID))
    zone = _zone(request, appointment)
    context: dict[str, Any] = {
        "link": link,
        "appointment": appointment,
        "program": appointment.program,
    }
    action = request.POST.get("action", "")
    # Consent is never pre-given: every box starts empty and no way of quoting is chosen.
    initial = {"timezone": zone.key}
    booking = BookingForm(request.POST if action == "book" else None, initial=initial)
    moving = RescheduleForm(request.POST if action == "reschedule" else None, initial=initial)
    declining = DeclineForm(request.POST if action in ("decline", "cancel") else None)
    try:
        if action == "book" and booking.is_valid():
            return _booked(request, token, booking, context)
        if action == "reschedule" and moving.is_valid():
            moved = services.reschedule(
                token,
                starts_at=moving.cleaned_data["slot"],
                timezone_name=moving.cleaned_data["timezone"],
            )
            return _done(request, context, moved, "moved")
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
        when=emails.when_text(appointment, zone),
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
    with timezone.override(zone):  # any time a template shows is in the zone the page names
        return render(request, "outreach/respondent.html", context, status=status)


@ratelimit(key="ip", rate=RATE, method=ratelimit.ALL, block=True)
@require_http_methods(["GET", "HEAD"])
def calendar_feed(request, token):
    """An interviewer's private feed, for their calendar app (which cannot sign in): the
    signed address is the check; a reset or unknown one is 404, like no feed at all."""
    calendar = feeds.resolve(token)
    if calendar is None:
        return HttpResponse("No such calendar feed.", status=404, content_type="text/plain")
    if why := feeds.refused(calendar):
        return HttpResponse(why, status=403, content_type="text/plain; charset=utf-8")
    body = feed_ics(f"Interviews ({calendar.workspace.name})", feeds.feed_events(calendar))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # Private to the one who holds the address: no shared cache keeps a copy.
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = 'inline; filename="interviews.ics"'
    return response


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
    return _done(request, context, appointment, "booked")


def _done(request, context: dict, appointment, done: str) -> HttpResponse:
    """The page after a booking or a move: the time in the words of the confirmation email."""
    zone = emails.respondent_zone(appointment)
    context = {**context, "appointment": appointment, "done": done}
    with timezone.override(zone):
        return render(
            request,
            "outreach/respondent_done.html",
            {**context, "when": emails.when_text(appointment, zone), "zone": zone},
        )


def too_many(request, exception) -> HttpResponse:
    return render(
        request,
        "outreach/respondent_unusable.html",
        {"message": "Too many attempts from your network. Wait a minute and try again."},
        status=429,
    )
