"""The consent statement and recording permission: versioned texts with merge fields.

The SOP asks the guide to *state how responses will be used and stored* and, if recording is
used, to *include explicit permission language before the interview starts*. A workspace
starts from the wording below and saves its own versions; a respondent's answers always point
at the versions they read.
"""

from collections.abc import Callable

from django.db import transaction

from winloss.activity.services import log_action

from .emails import WordingError, check_fields, fill_texts, honorarium_text
from .models import ConsentKind, ConsentText

FIELDS = {
    "company": "Your company (the workspace's name)",
    "program": "The program's name",
    "retention_days": "How many days notes, recordings and transcripts are kept",
    "honorarium": "The program's thank-you in one sentence (left out when it offers none)",
}
RETENTION_DAYS = 365  # said when no retention policy says otherwise

# The workspace's retention policy (a later stage) registers how many days it keeps words.
_retention_days: Callable[..., int | None] = lambda workspace: RETENTION_DAYS  # noqa: E731


def retention_days_from(provider: Callable[..., int | None]) -> None:
    """Called once by the retention app: ``provider(workspace)`` gives the policy's days."""
    global _retention_days
    _retention_days = provider


def retention_days(workspace) -> int | None:
    """How many days the workspace keeps notes, recordings and transcripts; ``None`` when it
    keeps them until its policy changes."""
    return _retention_days(workspace)


DEFAULTS: dict[str, str] = {
    ConsentKind.STATEMENT: (
        "{company} would like to learn how you made your decision, so that it can improve how "
        "it sells and what it builds. The conversation is about your experience, not a sales "
        "call: nobody will try to change your mind.\n\n"
        "How your answers are used: the interviewer takes notes; what you say is summarised "
        "with other buyers' answers in a report for {company}'s sales, product and marketing "
        "teams, for the program “{program}”.\n\n"
        "Who sees them: the small team running this program sees your notes; the people who "
        "read the report see only summaries and the quotes you allow below.\n\n"
        "How long they are kept: notes, recordings and transcripts are deleted after "
        "{retention_days} days; anonymised findings are kept with the report.\n\n"
        "Taking part is voluntary. You can skip any question, stop at any time, or ask for "
        "your notes to be deleted.\n\n{honorarium}"
    ),
    ConsentKind.RECORDING: (
        "With your permission the call is recorded so that the interviewer can listen rather "
        "than write, and a transcript may be made from the recording. Recordings and "
        "transcripts are seen only by the program team and deleted after {retention_days} "
        "days. You can say no and still take part: the interviewer will take notes instead."
    ),
    ConsentKind.SURVEY: (
        "{company} would like to learn how you made your decision, so that it can improve how "
        "it sells and what it builds. Nobody will try to change your mind.\n\n"
        "How your answers are used: they are summarised with other buyers' answers in a "
        "report for {company}'s sales, product and marketing teams, for the program "
        "“{program}”. The people who read the report see only summaries and the quotes you "
        "allow below.\n\n"
        "How long they are kept: your answers are deleted after {retention_days} days; "
        "anonymised findings are kept with the report.\n\n"
        "Taking part is voluntary. You can skip any question, stop at any time, or ask for "
        "your answers to be deleted."
    ),
}


def current_text(workspace, kind: str) -> ConsentText:
    """The newest version of a consent text; until a respondent agrees to it or someone
    rewords it, version 1 in the built-in wording, unsaved."""
    text = ConsentText.objects.filter(workspace=workspace, kind=kind).order_by("-number").first()
    return text or ConsentText(workspace=workspace, kind=kind, number=1, body=DEFAULTS[kind])


def stored_text(workspace, kind: str) -> ConsentText:
    """The newest version, saved: a consent record points at the words it was given on, so
    the built-in wording is saved as version 1 when it is first agreed to or reworded."""
    text = current_text(workspace, kind)
    if text.pk is None:
        text, _ = ConsentText.objects.get_or_create(
            workspace=workspace, kind=kind, number=1, defaults={"body": DEFAULTS[kind]}
        )
    return text


@transaction.atomic
def save_text(*, workspace, kind: str, body: str, user, based_on: int | None = None) -> ConsentText:
    """A new version; the old ones stay, since consents already given point at them.

    ``based_on`` is the version number the editor started from: when someone saved a newer
    one meanwhile, nothing is saved, so neither person's wording is lost unseen.
    """
    body = body.strip()
    if not body:
        raise WordingError("The text cannot be empty.")
    check_fields(body, FIELDS, where="text")
    if "{retention_days}" in body and retention_days(workspace) is None:
        raise WordingError(
            "The retention policy keeps notes and transcripts until it changes, so there is no "
            "number of days to promise: take out {retention_days}, or give the policy its days."
        )
    if current_text(workspace, kind).pk is None and body == DEFAULTS[kind]:
        return current_text(workspace, kind)  # the built-in wording, unchanged: nothing to save
    latest = stored_text(workspace, kind)
    # Lock the newest version's row so two saves at once cannot both be "the next number".
    latest = ConsentText.objects.select_for_update().get(pk=latest.pk)
    if based_on is not None and latest.number != based_on:
        raise WordingError(
            f"Version {latest.number} was saved while you were editing version {based_on}. "
            "Nothing was saved: read the new version, then make your change again."
        )
    if latest.body == body:
        return latest
    text = ConsentText.objects.create(
        workspace=workspace, kind=kind, number=latest.number + 1, body=body, created_by=user
    )
    log_action(text, "consent_text.saved", user=user, data={"kind": text.get_kind_display()})
    return text


def render(text: ConsentText, *, program) -> str:
    """The text with its merge fields filled, as the respondent reads it."""
    return fill_texts(
        text.body,
        company=program.workspace.name,
        program=program.name,
        retention_days=retention_days(program.workspace) or "",
        honorarium=honorarium_text(program),
    )
