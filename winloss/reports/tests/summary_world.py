"""A lost deal's validated interview for the summary's tests: pricing twice in the buyer's
words (once naming Vector), product fit once, and pricing once more in the interviewer's own
observation."""

from winloss.accounts.roles import Role
from winloss.analysis.models import ExpectedCriterion
from winloss.coding.queries import codebook_for
from winloss.coding.services import code_excerpt
from winloss.deals.models import Contact, Outcome
from winloss.interviews.models import RepDebrief
from winloss.outreach.services import ConsentAnswers, begin_appointment, record_consent
from winloss.testing import make_competitor, make_interview

PRICE = (
    "Dana Whitfield here: Northwind Traders could not justify your price, "
    "call me on +1 415 555 0134."
)
PRICE_AGAIN = "Northwind's budget was cut in half, and Vector came in cheaper."
FIT = "The reporting module was genuinely better than anything else we saw."
OBSERVED = "Buyer seemed annoyed about the discount being pulled late."


def interview_with(program, people, attribution: str, *, rep_reason: str = "", crm: str = ""):
    """A lost deal's validated interview: pricing twice in the buyer's words (once naming
    Vector), product fit once, and pricing once more in the interviewer's own observation."""
    interview = make_interview(
        program, [PRICE, PRICE_AGAIN, FIT, ("fact", OBSERVED)], outcome=Outcome.LOST
    )
    entry = interview.entry
    deal = entry.deal
    deal.account.name = "Northwind Traders Inc."
    deal.account.save(update_fields=["name"])
    deal.rep_stated_reason = crm
    deal.save(update_fields=["rep_stated_reason"])
    entry.contact = Contact.objects.create(
        workspace=program.workspace, account=deal.account, name="Dana Whitfield"
    )
    entry.save(update_fields=["contact"])
    interview.appointment = begin_appointment(entry)
    interview.save(update_fields=["appointment"])
    record_consent(
        interview.appointment,
        ConsentAnswers(True, False, False, attribution),
        given_by="Dana Whitfield",
    )
    themes = {t.slug: t for t in codebook_for(program.workspace)}
    vector = make_competitor(program.workspace, name="Vector")
    notes = {n.text: n for n in interview.notes.all()}
    for text, slug, direction, competitor in [
        (PRICE, "pricing_commercial", "loss_driver", None),
        (PRICE_AGAIN, "pricing_commercial", "loss_driver", vector),
        (FIT, "product_fit", "win_driver", None),
        (OBSERVED, "pricing_commercial", "loss_driver", None),
    ]:
        code_excerpt(
            interview=interview,
            passage_key=f"note-{notes[text].pk}",
            start=0,
            end=len(text),
            theme=themes[slug],
            direction=direction,
            competitor=competitor,
            user=people[Role.ANALYST],
        )
    if rep_reason:
        RepDebrief.objects.create(entry=entry, main_reason=rep_reason)
    for slug in ("pricing_commercial", "sales_process"):
        ExpectedCriterion.objects.get_or_create(
            workspace=program.workspace, program=program, theme=themes[slug]
        )
    return interview
