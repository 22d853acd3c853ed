"""A competitor met over two waves: Q1 (unpublished) and Q2 (published), lost on price and won
on product fit, with buyers who allowed quoting by name, anonymously or not at all, an
interviewer's note that is not the buyer's words, and actions about it and not about it."""

import datetime as dt

from winloss.accounts.roles import Role
from winloss.actions.models import Action
from winloss.coding.queries import codebook_for
from winloss.coding.services import code_excerpt
from winloss.deals.models import Account, Contact
from winloss.interviews.models import Note
from winloss.outreach.services import ConsentAnswers, begin_appointment, record_consent
from winloss.reports.content import build
from winloss.reports.models import ReportVersion, checksum_of
from winloss.reports.services import begin_report
from winloss.testing import make_competitor, make_program
from winloss.testing.planting import FIT, PRICE, lost, plant, won

ANONYMOUS = (
    "anonymous",
    "Dana Whitfield",
    "Northwind Traders Inc.",
    "Dana Whitfield here, from Northwind Traders: Vector came in a third below your price.",
    PRICE,
)
NAMED = (
    "named",
    "Omar Haddad",
    "Fabrikam Ltd",
    "Vector's product could not handle our warehouse flows; yours could.",
    FIT,
)
# On a deal against Vector, about our price: names no competitor.
OURS = (
    "anonymous",
    "Rosa Lind",
    "Tailspin Toys",
    "Your price was a third above everyone else's.",
    PRICE,
)
WITHHELD = (
    "not_quotable",
    "Lena Vogt",
    "Contoso GmbH",
    "Confidential: the zebra-striped Vector price sheet sank it.",
    PRICE,
)


def _speak(interview, people, themes, rival, who, names: bool = True) -> None:
    attribution, name, company, said, code = who
    account = Account.objects.create(workspace=interview.workspace, name=company)
    deal = interview.entry.deal
    deal.account = account
    deal.save(update_fields=["account"])
    contact = Contact.objects.create(
        workspace=interview.workspace, account=account, name=name, email=f"{name[:4]}@x.example"
    )
    entry = interview.entry
    entry.contact = contact
    entry.save(update_fields=["contact"])
    interview.appointment = begin_appointment(entry)
    interview.save(update_fields=["appointment"])
    record_consent(
        interview.appointment, ConsentAnswers(True, False, False, attribution), given_by=name
    )
    note = Note.objects.create(interview=interview, kind="quote", text=said)
    code_excerpt(
        interview=interview,
        passage_key=f"note-{note.pk}",
        start=0,
        end=len(said),
        theme=themes[code[0]],
        direction=code[1],
        competitor=rival if names else None,
        user=people[Role.ANALYST],
    )


def publish(program, people) -> ReportVersion:
    """The program's report as published: its real content, frozen (files are not needed)."""
    content = build(begin_report(program))
    return ReportVersion.objects.create(
        report=program.report,
        number=ReportVersion.objects.filter(report__program=program).count() + 1,
        content=content,
        checksum=checksum_of(content),
        published_by=people[Role.OWNER],
    )


def battlecard_world(workspace, people) -> dict:
    owner = people[Role.OWNER]
    rival = make_competitor(workspace, name="Vector")
    make_competitor(workspace, name="Quanta")  # met nowhere
    first = make_program(
        workspace,
        name="Q1 wave",
        owner=owner,
        window_start=dt.date(2025, 1, 1),
        window_end=dt.date(2025, 3, 31),
    )
    # Q1: 3 lost and 1 won against Vector, too few to tell.
    plant(first, [lost(rival=rival, codes=[(*PRICE, rival)])] * 3 + [won(rival=rival)])
    second = make_program(
        workspace,
        name="Q2 wave",
        owner=owner,
        previous_wave=first,
        window_start=dt.date(2025, 4, 1),
        window_end=dt.date(2025, 6, 30),
    )
    # Q2: 8 lost (price named in 6) and 6 won (fit in 3) against Vector.
    rows = [lost(rival=rival, codes=[(*PRICE, rival)] if i < 6 else []) for i in range(8)]
    rows += [won(rival=rival, codes=[FIT] if i < 3 else []) for i in range(6)]
    interviews = plant(second, rows)
    themes = {t.slug: t for t in codebook_for(workspace)}
    # Each speaker's deal already cites the code their words carry: the figures stay as planted.
    _speak(interviews[3], people, themes, rival, OURS, names=False)
    for interview, who in zip(
        [interviews[0], interviews[8], interviews[1]], [ANONYMOUS, NAMED, WITHHELD], strict=True
    ):
        _speak(interview, people, themes, rival, who)
    # The interviewer's own reading of a lost deal: never a buyer's quote.
    fact = Note.objects.create(
        interview=interviews[2], kind="interpretation", text="I think Vector's discount decided it."
    )
    code_excerpt(
        interview=interviews[2],
        passage_key=f"note-{fact.pk}",
        start=0,
        end=len(fact.text),
        theme=themes["pricing_commercial"],
        direction="loss_driver",
        competitor=rival,
        user=people[Role.ANALYST],
    )
    due = dt.date(2025, 9, 1)
    base = {"workspace": workspace, "owner": people[Role.STAKEHOLDER], "due_date": due}
    Action.objects.create(
        program=second, title="Answer Vector's price in the renewal playbook", **base,
        expected_change="enablement",
    )  # fmt: skip
    Action.objects.create(
        program=second, title="Beat Vector on price once more", status="done",
        closure_evidence="Done.", expected_change="pricing", **base,
    )  # fmt: skip
    Action.objects.create(
        program=second, title="Shorten onboarding", expected_change="process", **base
    )
    version = publish(second, people)
    return {"first": first, "second": second, "rival": rival, "version": version}
