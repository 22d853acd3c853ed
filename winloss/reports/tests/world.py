"""A program ready for its report: planted interviews with known shares, and three respondents
who each made a different attribution choice and said something that would give them away."""

import datetime as dt
from dataclasses import dataclass

from winloss.analysis.tests.planting import lost, plant, won
from winloss.coding.queries import codebook_for
from winloss.coding.services import code_excerpt
from winloss.deals.models import Account, Contact
from winloss.interviews.models import Note
from winloss.outreach.services import ConsentAnswers, begin_appointment, record_consent
from winloss.testing import make_program

PRICING = ("pricing_commercial", "loss_driver")
FIT = ("product_fit", "win_driver")


@dataclass
class Respondent:
    attribution: str
    name: str
    email: str
    phone: str
    company: str
    said: str


RESPONDENTS = [
    Respondent(
        "anonymous",
        "Dana Whitfield",
        "dana.whitfield@northwind.example",
        "+1 415 555 0134",
        "Northwind Traders Inc.",
        "Dana Whitfield here, from Northwind Traders: call me on +1 415 555 0134 or "
        "dana.whitfield@northwind.example, your price was a third above Vector's.",
    ),
    Respondent(
        "named",
        "Omar Haddad",
        "omar@fabrikam.example",
        "+44 20 7946 0958",
        "Fabrikam Ltd",
        "At Fabrikam we chose you because the product fit our warehouse flows.",
    ),
    Respondent(
        "not_quotable",
        "Lena Vogt",
        "lena.vogt@contoso.example",
        "+49 30 901820",
        "Contoso GmbH",
        "Confidential: the zebra-striped pricing sheet sank it for Contoso.",
    ),
]


def report_program(workspace, people) -> tuple:
    """60 lost interviews (pricing cited in 30) and 40 won (product fit in 20), and the three
    respondents' passages coded: returns (program, {attribution: excerpt})."""
    from winloss.accounts.roles import Role

    owner = people[Role.OWNER]
    program = make_program(
        workspace,
        name="Q1 wave",
        owner=owner,
        window_start=dt.date(2025, 1, 1),
        window_end=dt.date(2025, 3, 31),
    )
    rows = [lost(codes=[PRICING] if i < 30 else []) for i in range(60)]
    rows += [won(codes=[FIT] if i < 20 else []) for i in range(40)]
    interviews = plant(program, rows)
    themes = {t.slug: t for t in codebook_for(workspace)}
    excerpts = {}
    # Respondents of interviews whose codes would not change the planted shares: a lost deal
    # already citing pricing, a won one already citing fit, a lost one already citing pricing.
    for respondent, interview, code in zip(
        RESPONDENTS,
        [interviews[0], interviews[60], interviews[1]],
        [PRICING, FIT, PRICING],
        strict=True,
    ):
        account = Account.objects.create(workspace=workspace, name=respondent.company)
        deal = interview.entry.deal
        deal.account = account
        deal.save(update_fields=["account"])
        contact = Contact.objects.create(
            workspace=workspace,
            account=account,
            name=respondent.name,
            email=respondent.email,
            phone=respondent.phone,
        )
        entry = interview.entry
        entry.contact = contact
        entry.save(update_fields=["contact"])
        appointment = begin_appointment(entry)
        interview.appointment = appointment
        interview.save(update_fields=["appointment"])
        record_consent(
            appointment,
            ConsentAnswers(True, False, False, respondent.attribution),
            given_by=respondent.name,
        )
        note = Note.objects.create(interview=interview, kind="quote", text=respondent.said)
        excerpts[respondent.attribution] = code_excerpt(
            interview=interview,
            passage_key=f"note-{note.pk}",
            start=0,
            end=len(respondent.said),
            theme=themes[code[0]],
            direction=code[1],
            user=people[Role.ANALYST],
        )
    return program, excerpts
