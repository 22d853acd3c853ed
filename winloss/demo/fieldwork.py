"""The demo's finished wave: interviews held, validated and coded, so Code, Analyse and the
report have something real to show. Built through the same services people use."""

import random

from django.utils import timezone

from winloss.accounts.models import User
from winloss.coding.queries import codebook_for
from winloss.coding.services import code_excerpt
from winloss.deals.models import Contact, DecisionRole, Outcome
from winloss.guides.models import Section
from winloss.guides.services import approve_guide, start_guide
from winloss.interviews import services
from winloss.interviews.queries import validation_of
from winloss.interviews.review import services as review_services
from winloss.outreach.models import MessageStatus, OutreachMessage
from winloss.outreach.services import ConsentAnswers, begin_appointment, record_consent
from winloss.outreach.voices import add_voice
from winloss.programs.models import Allocation, EntryStatus, Program
from winloss.programs.sampling.services import DrawSettings, draw_sample

from . import content
from .statements import STATEMENTS, SUMMARIES

INTERVIEWS = 20
SEED = 2016


def add_finished_wave(program: Program, users: dict[str, User]) -> int:
    owner = users[content.OWNER_EMAIL]
    reviewer = users["reviewer@demo.winloss.example"]
    analyst = users[content.ANALYST_EMAIL]
    version = start_guide(program=program, user=owner)
    approve_guide(version=version, user=owner, expected_version=version.version)
    draw = draw_sample(
        program,
        settings=DrawSettings(size=24, allocation=Allocation.BALANCED, seed=SEED),
        user=analyst,
        actor=content.ACTOR,
    )
    themes = {t.slug: t for t in codebook_for(program.workspace)}
    rng = random.Random(SEED)
    entries = draw.entries.filter(status=EntryStatus.SELECTED, interviewer__isnull=False)
    done, heard = 0, []
    for entry in entries.select_related("deal", "interviewer").order_by("pk")[:INTERVIEWS]:
        record_consent(
            begin_appointment(entry),
            ConsentAnswers(True, rng.random() < 0.6, rng.random() < 0.5, "anonymous"),
            given_by=f"{entry.contact or 'The buyer'} (demo)",
        )
        assert entry.interviewer is not None  # filtered on above
        interview = services.start_interview(entry, user=entry.interviewer)
        direction = "win_driver" if entry.outcome == Outcome.WON else "loss_driver"
        said = rng.sample([s for s in STATEMENTS if s[1] == direction], 3)
        _hold(interview, said, "evaluator", themes=themes, reviewer=reviewer, analyst=analyst)
        heard.append(entry)
        done += 1
    # Procurement is heard on a lost deal whose account has another buyer in the CRM where
    # there is one, so the demo does not depend on which deals the draw picked.
    lost_heard = [e for e in heard if e.outcome != Outcome.WON]
    lost = next((e for e in lost_heard if _other_contact(e) is not None), None)
    lost = lost or next(iter(lost_heard), None)
    if lost is not None:
        done += _hear_procurement(lost, themes=themes, reviewer=reviewer, analyst=analyst)
    # Shown as sent, as they would have been (the thank-yous recorded above).
    OutreachMessage.objects.filter(
        appointment__program=program, status=MessageStatus.QUEUED
    ).update(status=MessageStatus.SENT, sent_at=timezone.now())
    program.refresh_from_db()
    return done


def _hear_procurement(entry, *, themes, reviewer, analyst) -> int:
    """One lost deal is heard a second time, from procurement, who cite the price: the
    respondent-role cut and the deal-level counts have a real case to show."""
    contact = _other_contact(entry)
    voice = add_voice(
        entry,
        contact=contact,
        name="" if contact else "Pat Okafor",
        email="" if contact else "pat.okafor@buyer.demo.winloss.example",
        title="" if contact else "Procurement lead",
        role=DecisionRole.PROCUREMENT,
        user=entry.interviewer,
    )
    record_consent(
        voice,
        ConsentAnswers(True, False, False, "anonymous"),
        given_by=f"{voice.contact} (demo)",
    )
    interview = services.start_interview(entry, user=entry.interviewer, appointment=voice)
    said = [s for s in STATEMENTS if s[0] == "pricing_commercial" and s[1] == "loss_driver"]
    _hold(interview, said, "procurement", themes=themes, reviewer=reviewer, analyst=analyst)
    return 1


def _other_contact(entry) -> Contact | None:
    return (
        Contact.objects.filter(account=entry.deal.account_id)
        .exclude(pk=entry.contact_id)
        .exclude(do_not_contact=True)
        .order_by("pk")
        .first()
    )


def _hold(interview, said, role: str, *, themes, reviewer, analyst) -> None:
    """Hold, validate and code one interview in which the buyer ``said`` these statements."""
    interviewer = interview.interviewer
    direction = said[0][1]
    criteria = interview.guide_version.questions.filter(
        section=Section.COMMON, bank_key="criteria"
    ).first()
    quote = " ".join(text for _, _, text in said)
    _note(interview, criteria, "quote", quote)
    _note(
        interview,
        None,
        "interpretation",
        SUMMARIES["won" if direction == "win_driver" else "lost"],
    )
    services.set_respondent_role(interview, role=role, user=interviewer)
    for item in ("competitors", "pricing"):
        review_services.confirm_absent(interview, item=item, absent=True, user=interviewer)
    # The buyers are invented: the thank-you is recorded, not emailed (see demo/outreach.py).
    services.complete_interview(interview, user=interviewer, send=False)
    validation = validation_of(interview)
    review_services.sign_off(interview, user=reviewer, expected_version=validation.version)
    position = 0
    for slug, how, text in said:
        start = quote.index(text, position)
        code_excerpt(
            interview=interview,
            passage_key=f"note-{interview.notes.get(kind='quote').pk}",
            start=start,
            end=start + len(text),
            theme=themes[slug],
            direction=how,
            user=analyst,
            text=text,
        )
        position = start + len(text)


def _note(interview, question, kind: str, text: str) -> None:
    services.save_note(
        interview,
        question_id=question.pk if question else None,
        kind=kind,
        text=text,
        base_version=0,
        user=interview.interviewer,
    )
