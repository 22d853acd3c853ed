"""The demo workspace: a realistic program built from the Maven Analytics sample CRM.

`make run` calls this every time, so it builds once and afterwards changes nothing. The CSV
files ship inside the package (``demo/data/``), so the demo works wherever winloss is installed.
"""

import csv
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from winloss.accounts.models import Membership, User, Workspace
from winloss.accounts.roles import Role
from winloss.activity.services import log_action
from winloss.deals.models import Account, Competitor, CompetitorAlias, Contact, Deal, Outcome
from winloss.programs.models import Cadence, Program, ProgramStatus, ResearchQuestion
from winloss.programs.services import create_program

DATA = Path(__file__).parent / "data"
PASSWORD = "winloss-demo"
ACTOR = "demo"
SLUG, NAME = "demo", "MavenTech (demo)"
AGENCY_SLUG, AGENCY_NAME = "northwind", "Northwind Traders (agency client)"

# (email, name, role in the demo workspace)
PEOPLE = [
    ("admin@demo.winloss.example", "Morgan Reyes", Role.ADMIN),
    ("owner@demo.winloss.example", "Priya Natarajan", Role.OWNER),
    ("analyst@demo.winloss.example", "Sam Okafor", Role.ANALYST),
    ("coordinator@demo.winloss.example", "Lena Fischer", Role.COORDINATOR),
    ("interviewer@demo.winloss.example", "Jordan Blake", Role.INTERVIEWER),
    ("reviewer@demo.winloss.example", "Chen Wei", Role.REVIEWER),
    # A sales rep from the Maven file: their deals are linked to this account.
    ("stakeholder@demo.winloss.example", "Darcel Schlecht", Role.STAKEHOLDER),
]
# The outside interviewer also runs another client's program, as its program owner.
AGENCY_MEMBER = ("interviewer@demo.winloss.example", Role.OWNER)

COUNTRY_REGION = {
    "United States": "North America",
    "Panama": "Latin America",
    "Brazil": "Latin America",
    "Belgium": "EMEA",
    "Germany": "EMEA",
    "Italy": "EMEA",
    "Jordan": "EMEA",
    "Kenya": "EMEA",
    "Norway": "EMEA",
    "Poland": "EMEA",
    "Romania": "EMEA",
    "China": "APAC",
    "Japan": "APAC",
    "Korea": "APAC",
    "Philipines": "APAC",
}
# Quirks of the sample files, tidied so the demo shows clean data.
SECTOR_FIXES = {"technolgy": "technology"}
COUNTRY_FIXES = {"Philipines": "Philippines"}
PRODUCT_FIXES = {"GTXPro": "GTX Pro"}
STAGE_OUTCOME = {"Won": Outcome.WON, "Lost": Outcome.LOST}

COMPETITORS = {
    "Vector Solutions": ["Vector Solutions Inc.", "VectorSol"],
    "Quantum Ledger": ["QuantumLedger", "Quantum Ledger Ltd"],
    "Northpeak Software": ["Northpeak"],
    "Brightline Systems": ["Brightline"],
}
WON_REASONS = [
    "Strong relationship with the champion",
    "Better integration story than the alternatives",
    "Fastest implementation timeline",
    "Product fit for their workflow",
    "Price was competitive after the discount",
]
LOST_REASONS = [
    "Price too high",
    "Lost to competitor on features",
    "No budget this year",
    "Competitor already in the account",
    "Procurement took too long",
]
FIRST_NAMES = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Elif",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kemi",
    "Luis",
    "Maya",
    "Nils",
    "Olga",
    "Paulo",
    "Rosa",
    "Tariq",
    "Uma",
    "Viktor",
]
LAST_NAMES = [
    "Almeida",
    "Brooks",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fontaine",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Nakamura",
    "Okoye",
    "Patel",
]
TITLES = [
    ("VP Operations", "executive_sponsor"),
    ("IT Director", "evaluator"),
    ("Procurement Manager", "procurement"),
    ("Team Lead", "user"),
    ("CFO", "executive_sponsor"),
]


@dataclass
class DemoResult:
    created: bool
    deals: int = 0
    programs: list[str] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # email, role, workspace


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _tier(revenue_millions: Decimal) -> str:
    if revenue_millions >= 1000:
        return "Enterprise"
    return "Mid-market" if revenue_millions >= 100 else "SMB"


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@transaction.atomic
def build_demo_workspace() -> DemoResult:
    workspace, created = Workspace.objects.get_or_create(slug=SLUG, defaults={"name": NAME})
    if created:
        log_action(workspace, "workspace.created", actor=ACTOR)
    users = _ensure_people(workspace)
    result = DemoResult(created=created)
    if not Deal.objects.filter(workspace=workspace).exists():
        rng = random.Random(2017)
        accounts = _load_accounts(workspace)
        competitors = _add_competitors(workspace)
        result.deals = _load_deals(workspace, accounts, competitors, users, rng)
        _add_contacts(workspace, accounts, rng)
        log_action(
            workspace,
            "deals.loaded",
            actor=ACTOR,
            data={"count": result.deals, "source": "the Maven Analytics sample CRM"},
        )
    if not Program.objects.filter(workspace=workspace).exists():
        result.programs = _add_programs(workspace, users["owner@demo.winloss.example"])
    result.logins = [
        (m.user.email, m.get_role_display(), m.workspace.name)
        for m in Membership.objects.filter(user__in=users.values())
        .select_related("user", "workspace")
        .order_by("workspace__slug", "user__email")
    ]
    return result


def _ensure_people(workspace: Workspace) -> dict[str, User]:
    users: dict[str, User] = {}
    for email, name, role in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, PASSWORD, name=name)
        users[email] = user
        _ensure_member(workspace, user, role)
    agency, made = Workspace.objects.get_or_create(slug=AGENCY_SLUG, defaults={"name": AGENCY_NAME})
    if made:
        log_action(agency, "workspace.created", actor=ACTOR)
    email, role = AGENCY_MEMBER
    _ensure_member(agency, users[email], role)
    return users


def _ensure_member(workspace: Workspace, user: User, role: str) -> None:
    membership, made = Membership.objects.get_or_create(
        user=user, workspace=workspace, defaults={"role": role}
    )
    if made:
        log_action(
            membership,
            "membership.added",
            actor=ACTOR,
            data={"member": user.email, "role": membership.get_role_display()},
        )


def _load_accounts(workspace: Workspace) -> dict[str, Account]:
    accounts = []
    for row in _rows("maven_accounts.csv"):
        revenue = Decimal(row["revenue"])
        accounts.append(
            Account(
                workspace=workspace,
                name=row["account"],
                industry=SECTOR_FIXES.get(row["sector"], row["sector"]).capitalize(),
                country=COUNTRY_FIXES.get(row["office_location"], row["office_location"]),
                region=COUNTRY_REGION.get(row["office_location"], "Other"),
                tier=_tier(revenue),
                employees=int(row["employees"]),
                annual_revenue=revenue * 1_000_000,
                parent_name=row["subsidiary_of"],
            )
        )
    Account.objects.bulk_create(accounts)
    return {a.name: a for a in Account.objects.filter(workspace=workspace)}


def _add_competitors(workspace: Workspace) -> list[Competitor]:
    competitors = []
    for name, aliases in COMPETITORS.items():
        competitor = Competitor.objects.create(workspace=workspace, name=name)
        CompetitorAlias.objects.bulk_create(
            CompetitorAlias(workspace=workspace, competitor=competitor, alias=a) for a in aliases
        )
        competitors.append(competitor)
    return competitors


def _load_deals(
    workspace: Workspace,
    accounts: dict[str, Account],
    competitors: list[Competitor],
    users: dict[str, User],
    rng: random.Random,
) -> int:
    products = {
        PRODUCT_FIXES.get(r["product"], r["product"]): r for r in _rows("maven_products.csv")
    }
    teams = {r["sales_agent"]: r for r in _rows("maven_sales_teams.csv")}
    owners = {user.name: user for user in users.values()}
    deals = []
    for row in _rows("maven_sales_pipeline.csv"):
        product = PRODUCT_FIXES.get(row["product"], row["product"])
        outcome = STAGE_OUTCOME.get(row["deal_stage"], Outcome.OPEN)
        account = accounts.get(row["account"])
        team = teams.get(row["sales_agent"], {})
        # Lost and open deals carry close_value 0 or nothing in the sample file; the product's
        # list price is the honest size of what was at stake.
        value = row["close_value"]
        amount = (
            Decimal(value)
            if outcome == Outcome.WON and value
            else Decimal(products[product]["sales_price"])
        )
        reasons = WON_REASONS if outcome == Outcome.WON else LOST_REASONS
        deals.append(
            Deal(
                workspace=workspace,
                crm_id=row["opportunity_id"],
                account=account,
                name=f"{account.name} — {product}"
                if account
                else f"{product} (unassigned account)",
                amount=amount,
                currency="USD",
                outcome=outcome,
                stage=row["deal_stage"],
                created_date=_date(row["engage_date"]),
                close_date=_date(row["close_date"]),
                owner_name=row["sales_agent"],
                owner=owners.get(row["sales_agent"]),
                owner_team=f"{team['manager']}'s team" if team else "",
                product=product,
                product_line=products[product]["series"],
                region=team.get("regional_office", ""),
                industry=account.industry if account else "",
                tier=account.tier if account else "",
                primary_competitor=(
                    rng.choice(competitors)
                    if outcome == Outcome.LOST and rng.random() < 0.6
                    else None
                ),
                rep_stated_reason=rng.choice(reasons) if outcome != Outcome.OPEN else "",
                open_dispute=outcome != Outcome.OPEN and rng.random() < 0.002,
            )
        )
    Deal.objects.bulk_create(deals, batch_size=2000)
    return len(deals)


def _add_contacts(workspace: Workspace, accounts: dict[str, Account], rng: random.Random) -> None:
    contacts = []
    for account in accounts.values():
        for _ in range(2):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            title, role = rng.choice(TITLES)
            domain = account.name.lower().replace(" ", "") + ".example.com"
            contacts.append(
                Contact(
                    workspace=workspace,
                    account=account,
                    name=f"{first} {last}",
                    title=title,
                    email=f"{first}.{last}@{domain}".lower(),
                    decision_role=role,
                )
            )
    contacts[3].do_not_contact = True
    Contact.objects.bulk_create(contacts)
    first_contact: dict[int, int] = {}
    for contact in Contact.objects.filter(workspace=workspace).order_by("id"):
        first_contact.setdefault(contact.account_id, contact.pk)
    closed = Deal.objects.filter(workspace=workspace, account__isnull=False).exclude(
        outcome=Outcome.OPEN
    )
    links = [
        Deal.contacts.through(deal_id=deal_id, contact_id=first_contact[account_id])
        for deal_id, account_id in closed.values_list("id", "account_id")
    ]
    Deal.contacts.through.objects.bulk_create(links, batch_size=2000)


def _quarters(workspace: Workspace) -> list[tuple[dt.date, dt.date]]:
    dates = Deal.objects.filter(workspace=workspace, close_date__isnull=False).values_list(
        "close_date", flat=True
    )
    starts = sorted({dt.date(d.year, 3 * ((d.month - 1) // 3) + 1, 1) for d in dates})
    quarters = []
    for start in starts:
        following = dt.date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
        quarters.append((start, following - dt.timedelta(days=1)))
    return quarters


def _add_programs(workspace: Workspace, owner: User) -> list[str]:
    names, previous = [], None
    quarters = _quarters(workspace)
    for index, (start, end) in enumerate(quarters):
        quarter = (start.month - 1) // 3 + 1
        name = f"Q{quarter} {start.year} wins and losses"
        previous = create_program(
            workspace=workspace,
            user=None,
            actor=ACTOR,
            name=name,
            objective=(
                f"Learn why deals closing in Q{quarter} {start.year} were won or lost, and "
                "which reasons reps and buyers see differently."
            ),
            deal_types=[Outcome.WON, Outcome.LOST],
            window_start=start,
            window_end=end,
            research_questions=[
                ResearchQuestion.PRICING,
                ResearchQuestion.COMPETITION,
                ResearchQuestion.PRODUCT_FIT,
                ResearchQuestion.BUYING_PROCESS,
            ],
            target_sample_size=20,
            cadence=Cadence.QUARTERLY,
            owner=owner,
            status=ProgramStatus.ACTIVE if index == len(quarters) - 1 else ProgramStatus.CLOSED,
            previous_wave=previous,
        )
        names.append(name)
    return names
