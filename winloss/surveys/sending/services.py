"""Sending the survey: a response, a link and a queued message for each buyer, at once."""

import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from winloss.accounts.models import User, Workspace
from winloss.activity.services import log_action
from winloss.lib.sql import insert_instances
from winloss.outreach import links
from winloss.outreach.models import LinkPurpose, MessageKind
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


@transaction.atomic
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
    survey: a response (invited), a survey link and a queued invitation each, sent once this
    commits. ``seed`` is the one the page showed, so the share sent is the share previewed."""
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
    responses = [
        SurveyResponse(
            workspace=workspace,
            program=program,
            survey=survey,
            deal=candidate.deal,
            contact=candidate.contact,
            respondent_email=candidate.email,
            outcome=candidate.deal.outcome,
            source=ResponseSource.SENT,
            status=ResponseStatus.INVITED,
            language=language,
            invited_at=now,
        )
        for candidate in recipients
    ]
    # One deal, one buyer in a send: the deal tells the new rows apart.
    insert_instances(
        responses,
        read_back=SurveyResponse.objects.filter(program=program, invited_at=now),
        key=["deal_id"],
    )
    made = links.new_links(responses, LinkPurpose.SURVEY)
    queue_messages(
        list(zip(responses, made, strict=True)), MessageKind.SURVEY_INVITATION, send=send
    )
    sent = SurveySend.objects.create(
        program=program,
        survey=survey,
        mode=mode,
        share_percent=share_percent if mode == SendMode.SHARE else None,
        seed=seed,
        invited=len(responses),
        sent_by=user,
    )
    log_action(
        program,
        "survey.sent",
        user=user,
        data={"count": len(responses), "version": survey.number, "to": sent.get_mode_display()},
    )
    return sent


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
