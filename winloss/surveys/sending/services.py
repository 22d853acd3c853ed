"""Sending the survey: a response, a link and a queued message for each buyer, at once."""

import secrets
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from winloss.accounts.models import User, Workspace
from winloss.activity.services import log_action
from winloss.lib.sql import field_defaults, insert_rows
from winloss.outreach import links
from winloss.outreach.models import LinkPurpose, MessageKind, RespondentLink
from winloss.outreach.services import queue_messages
from winloss.programs.models import Program

from ..models import (
    ResponseSource,
    ResponseStatus,
    SendMode,
    SurveyError,
    SurveyResponse,
    SurveySend,
)
from .queries import approved_survey, survey_batch


def new_seed() -> int:
    return secrets.randbelow(2**31)


def check_mode(mode: str, share_percent: int | None) -> None:
    if mode not in SendMode.values:
        raise SurveyError("Choose whom to send the survey to: all, lost only or a random share.")
    if mode == SendMode.SHARE and not (share_percent and 1 <= share_percent <= 100):
        raise SurveyError("Give the random share as a whole percentage from 1 to 100.")


INVITE_CHUNK = 1000  # invitations written (and committed) together by the send's job


def send_survey(
    program: Program,
    *,
    user: User | None,
    mode: str = SendMode.ALL,
    share_percent: int | None = None,
    seed: int | None = None,
    send: bool = True,
) -> SurveySend:
    """Invite every buyer the batch page lists (``queries.survey_batch``) to the approved
    survey: ``record_send``, then ``write_invitations``. ``seed`` is the one the page showed,
    so the share sent is the share previewed."""
    sent = record_send(program, user=user, mode=mode, share_percent=share_percent, seed=seed)
    write_invitations(program, send=send)
    return sent


@transaction.atomic
def record_send(
    program: Program,
    *,
    user: User | None,
    mode: str = SendMode.ALL,
    share_percent: int | None = None,
    seed: int | None = None,
) -> SurveySend:
    """Record who is invited, in one transaction: a response (invited) for every buyer of the
    batch, written as plain rows. Their links and emails follow (``write_invitations``), so a
    send of tens of thousands is decided in the time of the batch."""
    check_mode(mode, share_percent)
    Program.objects.select_for_update().filter(pk=program.pk).first()  # one send at a time
    survey = approved_survey(program)
    if survey is None:
        raise SurveyError("Approve the survey before sending it: nothing was sent.")
    seed = new_seed() if seed is None else seed
    batch = survey_batch(program, mode=mode, share_percent=share_percent, seed=seed)
    recipients = batch.to_send
    if not recipients:
        raise SurveyError("Nobody can be sent the survey: each deal listed says why.")
    workspace = program.workspace
    language = workspace.languages_for_respondents[0]
    now = timezone.now()
    given = [
        "workspace_id", "program_id", "survey_id", "deal_id", "contact_id", "respondent_email",
        "outcome", "source", "status", "language", "invited_at", "created", "updated",
    ]  # fmt: skip
    defaults = field_defaults(SurveyResponse, given=given)
    fixed = (workspace.pk, program.pk, survey.pk, ResponseSource.SENT, ResponseStatus.INVITED,
             language, now, now, now, *defaults.values())  # fmt: skip
    insert_rows(
        SurveyResponse,
        [*given, *defaults],
        [(*fixed[:3], c.deal.pk, c.contact.pk if c.contact else None, c.email,
          c.deal.outcome, *fixed[3:]) for c in recipients],
    )  # fmt: skip
    sent = SurveySend.objects.create(
        program=program,
        survey=survey,
        mode=mode,
        share_percent=share_percent if mode == SendMode.SHARE else None,
        seed=seed,
        invited=len(recipients),
        sent_by=user,
    )
    log_action(
        program,
        "survey.sent",
        user=user,
        data={"count": len(recipients), "version": survey.number, "to": sent.get_mode_display()},
    )
    return sent


def uninvited(program: Program) -> QuerySet[SurveyResponse]:
    """Responses recorded by a send whose link and invitation are not written yet."""
    has_link = RespondentLink.objects.filter(
        survey_response=OuterRef("pk"), purpose=LinkPurpose.SURVEY
    )
    return SurveyResponse.objects.filter(program=program, source=ResponseSource.SENT).filter(
        ~Exists(has_link)
    )


def write_invitations(
    program: Program,
    *,
    send: bool = True,
    report: Callable[[int, int], None] | None = None,
) -> int:
    """A survey link and a queued invitation for every response a send recorded without
    them, ``INVITE_CHUNK`` at a time, each chunk committed with the emails it queues. If the
    work stops midway, running it again writes the rest: a response with a link is done, so
    nobody is invited twice. ``report(done, total)`` after each chunk; how many were written."""
    total = uninvited(program).count()
    done = 0
    program = Program.objects.select_related("workspace", "owner").get(pk=program.pk)
    while True:
        with transaction.atomic():
            # One writer at a time: a second run waits, then finds these done.
            Program.objects.select_for_update().filter(pk=program.pk).first()
            chunk = list(uninvited(program).select_related("contact").order_by("pk")[:INVITE_CHUNK])
            if not chunk:
                break
            for response in chunk:
                response._state.fields_cache["program"] = program
            made = links.new_links(chunk, LinkPurpose.SURVEY, first=True)
            queue_messages(
                list(zip(chunk, made, strict=True)), MessageKind.SURVEY_INVITATION, send=send
            )
        done += len(chunk)
        if report is not None:
            report(done, max(total, done))
    return done


@transaction.atomic
def set_languages(workspace: Workspace, *, languages: list[str], user: User) -> list[str]:
    """The languages respondents may read the survey in, in the order offered (the first is
    the one a page opens in). Returns their names."""
    names = dict(settings.LANGUAGES)
    chosen = [code for code in dict.fromkeys(languages) if code in names]
    if not chosen:
        raise SurveyError("Offer at least one language.")
    before = workspace.languages_for_respondents
    workspace.respondent_languages = chosen
    workspace.save(update_fields=["respondent_languages"])
    spoken = [names[code] for code in chosen]
    log_action(
        workspace,
        "survey.languages",
        user=user,
        changes={"respondent_languages": [before, chosen]},
        data={"languages": ", ".join(spoken)},
    )
    return spoken
