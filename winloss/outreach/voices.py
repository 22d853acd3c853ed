"""Further voices on a deal (SOP step 4): a deal is heard from more than one person — the
economic buyer, an evaluator, procurement, a user — each with an appointment of their own, so
their own invitation, consent and interview. The deal stays one entry of the sample."""

from django.db import transaction

from winloss.activity.services import log_action
from winloss.deals.models import Contact, DecisionRole
from winloss.programs.models import EntryStatus, SampleEntry

from .models import Appointment
from .queries import first_voice
from .services import OutreachError, begin_appointment


def voice_of(entry: SampleEntry, voice: int | str | None) -> Appointment:
    """The appointment ``voice`` (its id) of this entry; the first voice when none is named
    (unsaved until outreach begins: ``queries.first_voice``). An id of another deal's
    appointment is refused, not followed."""
    if voice in (None, ""):
        return first_voice(entry)
    try:
        return Appointment.objects.get(entry=entry, pk=int(voice))
    except (ValueError, Appointment.DoesNotExist):
        raise OutreachError("That respondent is not one of this deal's voices.") from None


@transaction.atomic
def add_voice(
    entry: SampleEntry,
    *,
    role: str,
    user,
    contact: Contact | None = None,
    name: str = "",
    email: str = "",
    title: str = "",
) -> Appointment:
    """Hear the deal from one more person: a contact of the deal's account, or a new one
    (``name``, ``email``, ``title``) added to that account. An appointment of their own, with
    their own invitation, consent and interview."""
    if entry.status not in (EntryStatus.SELECTED, EntryStatus.INTERVIEWED):
        raise OutreachError(
            f"“{entry.deal}” is {entry.get_status_display().lower()}: add voices to a selected "
            "or interviewed deal only."
        )
    if role not in DecisionRole.values:
        raise OutreachError("Choose the respondent's role in the decision.")
    account = entry.deal.account
    if contact is None:
        if not name.strip():
            raise OutreachError("Pick a contact of the account, or give the new contact's name.")
        contact = Contact.objects.create(
            workspace=entry.workspace,
            account=account,
            name=name.strip(),
            email=email.strip(),
            title=title.strip(),
            decision_role=role,
        )
    elif contact.workspace_id != entry.workspace_id or (
        account is not None and contact.account_id != account.pk
    ):
        raise OutreachError(f"{contact} is not a contact of {account or entry.deal}.")
    if contact.do_not_contact:
        raise OutreachError(f"{contact} is marked do-not-contact.")
    begin_appointment(entry)  # the first voice is the sample's respondent, whatever comes next
    if Appointment.objects.filter(entry=entry, contact=contact).exists():
        raise OutreachError(f"{contact} is already a voice on this deal.")
    appointment = Appointment.objects.create(
        entry=entry,
        workspace=entry.workspace,
        program=entry.program,
        contact=contact,
        respondent_role=role,
        interviewer=entry.interviewer,
        duration_minutes=entry.program.interview_minutes,
    )
    log_action(
        entry.program,
        "outreach.voice_added",
        user=user,
        data={"deal": str(entry.deal), "contact": contact.name, "role": DecisionRole(role).label},
    )
    return appointment


def voices(entry: SampleEntry) -> list[Appointment]:
    """Every voice of the deal, the first one first."""
    return list(
        Appointment.objects.filter(entry=entry)
        .select_related("contact", "interviewer")
        .order_by("pk")
    )
