"""The messages respondents receive: built-in wording, a workspace's own, merge fields."""

import datetime as dt
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.translation import gettext

from winloss.lib.errors import DomainError
from winloss.lib.merge import close_gaps, fill

from . import surveyed
from .models import Appointment, EmailTemplate, MessageKind

MERGE_FIELDS = {
    "respondent": "The respondent's name",
    "company": "Your company (the workspace's name)",
    "program": "The program's name",
    "interviewer": "The interviewer's name (for a survey: the program's owner)",
    "duration": "The interview's (or the survey's) length in minutes",
    "when": "The interview's date and time, in the respondent's time zone",
    "format": "Phone, video call or in person",
    "link": "The respondent's secure link",
    "honorarium": "The program's thank-you in one sentence (left out when it offers none)",
}
LINK_PLACEHOLDER = "[secure link]"

DEFAULTS: dict[str, tuple[str, str]] = {
    MessageKind.INVITATION: (
        "{company} would value {duration} minutes of your view",
        "Dear {respondent},\n\n"
        "{company} is talking with the people who recently decided on a purchase like yours, "
        "whatever they decided, to learn what helped and what got in the way. It is not a "
        "sales call, and {interviewer}, who will talk with you, was not part of the sale.\n\n"
        "Would you spare {duration} minutes? Pick a time that suits you, by phone, video or "
        "in person, and read how your answers are used:\n\n{link}\n\n{honorarium}\n\n"
        "If you would rather not, the same page lets you say so; we will not ask again.\n\n"
        "Thank you,\n{interviewer}",
    ),
    MessageKind.REMINDER: (
        "A reminder: your view for {company}",
        "Dear {respondent},\n\n"
        "A short reminder of our request for {duration} minutes about your recent decision. "
        "Pick a time, or tell us you would rather not, here:\n\n{link}\n\n"
        "Thank you,\n{interviewer}",
    ),
    MessageKind.CONFIRMATION: (
        "Confirmed: interview with {company}, {when}",
        "Dear {respondent},\n\n"
        "Thank you. Your interview is booked for {when} ({format}, {duration} minutes) with "
        "{interviewer}. The calendar invitation is attached.\n\n"
        "To change the time or cancel, use this link:\n\n{link}\n\n"
        "Thank you,\n{interviewer}",
    ),
    MessageKind.RESCHEDULE: (
        "New time: interview with {company}, {when}",
        "Dear {respondent},\n\n"
        "Your interview has moved to {when} ({format}, {duration} minutes) with {interviewer}. "
        "The updated calendar invitation is attached.\n\n"
        "To change it again or cancel:\n\n{link}\n\n"
        "Thank you,\n{interviewer}",
    ),
    MessageKind.CANCELLATION: (
        "Cancelled: interview with {company}",
        "Dear {respondent},\n\n"
        "The interview planned for {when} is cancelled. The attached update removes it from "
        "your calendar.\n\nThank you,\n{interviewer}",
    ),
    MessageKind.THANK_YOU: (
        "Thank you from {company}",
        "Dear {respondent},\n\n"
        "Thank you for your time and candour. What you told us goes, with other buyers' "
        "views, to the people at {company} who can act on it.\n\n"
        "With thanks,\n{interviewer}",
    ),
    MessageKind.SURVEY_INVITATION: (
        "{company} asks for {duration} minutes of your view",
        "Dear {respondent},\n\n"
        "{company} is asking the people who recently decided on a purchase like yours, "
        "whatever they decided, what mattered to them. A short survey of about {duration} "
        "minutes, on your phone or computer, in the language you prefer; every answer is "
        "kept as you give it, so you can stop and come back:\n\n{link}\n\n{honorarium}\n\n"
        "If you would rather not, the same page lets you say so; we will not ask again.\n\n"
        "Thank you,\n{interviewer}",
    ),
    MessageKind.SURVEY_REMINDER: (
        "A reminder: {duration} minutes for {company}",
        "Dear {respondent},\n\n"
        "A short reminder of our survey about your recent decision. It takes about "
        "{duration} minutes, and answers you already gave are kept:\n\n{link}\n\n"
        "Thank you,\n{interviewer}",
    ),
}


# The honoraria stage (a later one) says what the program offers as a thank-you.
_honorarium: Callable[..., str] = lambda program, at=None: ""  # noqa: E731


def honorarium_from(provider: Callable[..., str]) -> None:
    """Called once by the honoraria app: ``provider(program, at)`` gives the sentence for the
    offer in force at ``at`` (an invitation's time; ``None``: now)."""
    global _honorarium
    _honorarium = provider


def honorarium_text(program, at: dt.datetime | None = None) -> str:
    """The thank-you the program offers, in one sentence; empty when it offers none."""
    return _honorarium(program, at)


def fill_texts(template: str, **fields) -> str:
    """``template`` filled; an empty ``{honorarium}`` leaves no blank line or double space."""
    text = fill(template, **fields)
    return text if fields.get("honorarium") else close_gaps(text)


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def template_for(workspace, kind: str) -> tuple[str, str]:
    custom = EmailTemplate.objects.filter(workspace=workspace, kind=kind).first()
    return (custom.subject, custom.body) if custom else DEFAULTS[kind]


def _fields(appointment: Appointment) -> dict[str, object]:
    return dict(
        respondent=appointment.contact.name if appointment.contact else "there",
        company=appointment.program.workspace.name,
        program=appointment.program.name,
        interviewer=str(appointment.interviewer) if appointment.interviewer else "The team",
        duration=appointment.duration_minutes,
        when=when_text(appointment),
        format=appointment.get_format_display().lower() or "format to confirm",
        # A reminder repeats the offer the buyer was invited with, not a later one.
        honorarium=honorarium_text(appointment.program, appointment.invited_at),
    )


def respondent_zone(appointment: Appointment) -> ZoneInfo:
    return ZoneInfo(appointment.respondent_timezone or timezone.get_default_timezone_name())


def when_text(appointment: Appointment, zone: ZoneInfo | None = None) -> str:
    """The interview's time as the respondent reads it, in email and on their pages alike:
    the zone's name always beside it."""
    if not appointment.starts_at:
        return "a time to be agreed"
    zone = zone or respondent_zone(appointment)
    local = appointment.starts_at.astimezone(zone)
    return f"{local:%A %-d %B %Y at %H:%M} ({zone.key})"


def render(
    about: Appointment | Any,
    kind: str,
    *,
    link: str = LINK_PLACEHOLDER,
    wording: tuple[str, str] | None = None,
) -> Rendered:
    """The message about an appointment or a survey response. ``wording`` is the template
    already read, for a batch that renders thousands in one go."""
    subject, body = wording or template_for(about.program.workspace, kind)
    if not surveyed.is_survey(about):
        return _filled(subject, body, {**_fields(about), "link": link})
    # A survey's buyer reads it in their language, as the survey page: the built-in wording
    # and the merge fields translated (a workspace's own wording is sent as written).
    hooks = surveyed.hooks()
    with translation.override(hooks.language(about) or None):
        if (subject, body) == DEFAULTS.get(kind):
            subject, body = gettext(subject), gettext(body)
        return _filled(subject, body, {**hooks.merge_fields(about), "link": link})


def _filled(subject: str, body: str, fields: dict[str, object]) -> Rendered:
    # A subject is one line, whatever the template says.
    return Rendered(" ".join(fill(subject, **fields).split()), fill_texts(body, **fields))


class WordingError(DomainError):
    """A message or consent wording that cannot be used, said for the person who wrote it."""


def check_fields(text: str, fields, *, where: str) -> None:
    """Refuse a wording whose merge fields would not fill: an unknown field (named), a brace
    without its pair, or a field with a format (``{duration:>4}``)."""
    known = ", ".join("{" + name + "}" for name in fields)
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise WordingError(
            f"The {where} has a {{ or }} without its pair. Write merge fields as {{respondent}}."
        ) from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in fields:
            raise WordingError(
                f"The {where} uses {{{name}}}, which is not a merge field. Use one of: {known}."
            )
        if spec or conversion:
            raise WordingError(
                f"The {where} writes {{{name}}} with extra signs: write merge fields without : "
                "or !, as {" + name + "}."
            )
