"""What the interview screen shows: the guide's questions for this deal's outcome, in order."""

from dataclasses import dataclass

from winloss.guides.models import Question
from winloss.guides.queries import preview

from .models import Interview, Note, NoteKind


@dataclass(frozen=True)
class Step:
    number: int
    question: Question | None  # None: the closing page for general notes


def questions_for(interview: Interview) -> list[Question]:
    return [
        q
        for section in preview(interview.guide_version, interview.entry.outcome)
        for q in section.questions
    ]


def notes_by_kind(interview: Interview, question: Question | None) -> dict[str, Note | None]:
    notes = {n.kind: n for n in Note.objects.filter(interview=interview, question=question)}
    return {kind: notes.get(kind) for kind in NoteKind.values}


def title_for(deal) -> str:
    """What the page calls the deal: the account's or deal's name, never a raw CRM id."""
    # An import without names fills them with the CRM's ids; those say nothing to a person.
    ids = {deal.crm_id, deal.account.crm_id if deal.account else ""}
    for name in (deal.account.name if deal.account else "", deal.name):
        if name and name not in ids:
            return name
    closed = f" closed {deal.close_date:%-d %b %Y}" if deal.close_date else ""
    return f"A deal{closed}"


@dataclass(frozen=True)
class Who:
    """Who is being interviewed, about what: the facts the interviewer may see beforehand."""

    buyer: str
    role: str
    account: str
    outcome: str
    competitor: str


def who_and_what(interview: Interview) -> Who:
    entry, deal = interview.entry, interview.entry.deal
    # A deal may be heard from several people: the person is this interview's voice.
    voice = interview.appointment if interview.appointment_id else None
    contact = voice.contact if voice and voice.contact_id else entry.contact
    title = contact.title if contact else ""
    decision = interview.get_respondent_role_display() if interview.respondent_role else ""
    return Who(
        buyer=contact.name if contact else "",
        role=" · ".join(part for part in (title, decision) if part),
        account=title_for(deal),
        outcome=entry.get_outcome_display(),
        competitor=str(deal.primary_competitor or ""),
    )


QUOTING = {
    "named": "You allowed us to quote you by name.",
    "anonymous": "Anything we quote is without your name or your company's.",
    "not_quotable": "Nothing you say will be quoted: it is only summarised.",
}


def opening_statement(interview: Interview, consent) -> list[str]:
    """What the interviewer says first (SOP step 5): the purpose in neutral words, how answers
    are kept, and the permissions exactly as the respondent gave them."""
    company = interview.workspace.name
    said = [
        f"Thank you for your time. {company} talks with buyers after their decisions to learn "
        "how it can improve. This is not a sales call: there are no right or wrong answers, "
        "and nobody will try to change your mind.",
        "Your answers are summarised with other buyers'; only the small team running this "
        "program reads the notes.",
    ]
    if consent is None:
        return [*said, "Before we begin, may I take notes, and may I record the call?"]
    said.append(QUOTING.get(consent.attribution, ""))
    if consent.recording_allowed:
        transcript = " and transcribed" if consent.transcription_allowed else ""
        said.append(f"As you agreed, the call is recorded{transcript}; I will take notes too.")
    else:
        said.append("As you asked, the call is not recorded: I will only take notes.")
    said.append("You can skip any question or stop at any time.")
    return [s for s in said if s]
