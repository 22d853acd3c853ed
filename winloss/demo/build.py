"""The demo workspace: a realistic program built from the Maven Analytics sample CRM.

`make run` calls this every time, so it builds once and afterwards changes nothing: each part
is created only when it is missing. The CSV files ship inside the package (``demo/data/``), so
the demo works wherever winloss is installed. The invented parts are in ``content.py``.
"""

import csv
import datetime as dt
import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from io import TextIOBase
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from winloss.accounts.models import Membership, User, Workspace
from winloss.accounts.roles import Role
from winloss.accounts.services import add_member, create_workspace
from winloss.activity.services import log_action
from winloss.deals.models import Account, Competitor, CompetitorAlias, Contact, Deal, Outcome
from winloss.programs.models import Allocation, Cadence, EntryStatus, Program, ProgramStatus
from winloss.programs.sampling.services import DrawSettings, draw_sample, record_refusal
from winloss.programs.services import create_program
from winloss.programs.waves import window_label

from . import content
from .fieldwork import add_finished_wave
from .outreach import add_outreach
from .report import add_report

DATA = Path(__file__).parent / "data"
PASSWORD = content.PASSWORD  # the tests and the command log people in with it
BATCH = 2000
STAGE_OUTCOME = {"Won": Outcome.WON, "Lost": Outcome.LOST}  # Engaging, Prospecting: still open


@dataclass
class DemoResult:
    created: bool  # the demo workspace itself was created by this run
    accounts: int = 0
    deals: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    contacts: int = 0
    competitors: int = 0
    programs: list[str] = field(default_factory=list)
    sample: int = 0  # deals in the active wave's sample, when this run drew it
    interviews: int = 0  # validated, coded interviews of the finished wave built by this run
    report: int = 0  # the finished wave's report version published by this run
    guide: int = 0  # questions in the active wave's approved guide, when this run wrote it
    windows: int = 0  # interviewers' availability windows added by this run
    invited: int = 0  # respondents invited by this run
    booked: int = 0  # of them, interviews booked by phone
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # email, role, workspace

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.deals
            or self.programs
            or self.sample
            or self.guide
            or self.windows
            or self.invited
            or self.report
        )


@dataclass(frozen=True)
class _Lookups:
    """What a pipeline row refers to, by the name the row uses."""

    products: dict[str, dict[str, str]]
    teams: dict[str, dict[str, str]]
    accounts: dict[str, Account]
    owners: dict[str, User]
    competitors: list[Competitor]


@transaction.atomic
def build_demo_workspace(*, stdout: TextIOBase | None = None) -> DemoResult:
    workspace, created = _ensure_workspace(content.SLUG, content.NAME)
    users = _ensure_people(workspace)
    result = DemoResult(created=created)
    if not Deal.objects.filter(workspace=workspace).exists():
        _say(stdout, f"Loading {content.SOURCE} into “{content.NAME}”…")
        _load_crm(workspace, users, result)
    if not Program.objects.filter(workspace=workspace).exists():
        result.programs = _add_programs(workspace, users[content.OWNER_EMAIL])
    active = Program.objects.filter(workspace=workspace, status=ProgramStatus.ACTIVE).first()
    if active is not None and not active.draws.exists():
        result.sample = _add_sample(active, users[content.ANALYST_EMAIL])
    if active is not None:
        add_outreach(active, users, result)
    finished = active.previous_wave if active is not None else None
    if finished is not None and not finished.interviews.exists():
        result.interviews = add_finished_wave(finished, users)
    if finished is not None and not finished.actions.exists():
        result.report = add_report(finished, users)
    result.logins = _logins(users)
    return result


def _say(stdout: TextIOBase | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


# People and workspaces ---------------------------------------------------------------------


def _ensure_workspace(slug: str, name: str) -> tuple[Workspace, bool]:
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is not None:
        return workspace, False
    return create_workspace(slug=slug, name=name, actor=content.ACTOR), True


def _ensure_people(workspace: Workspace) -> dict[str, User]:
    users: dict[str, User] = {}
    hashed = ""
    for email, name, role in content.PEOPLE:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            # The password is public (it is printed), so one hash serves every demo user:
            # hashing it once per person would double the first run's time.
            hashed = hashed or make_password(content.PASSWORD)
            user = User.objects.create(email=email, name=name, password=hashed)
        users[email] = user
        _ensure_member(workspace, user, role)
    agency, _ = _ensure_workspace(content.AGENCY_SLUG, content.AGENCY_NAME)
    email, role = content.AGENCY_MEMBER
    _ensure_member(agency, users[email], role)
    return users


def _ensure_member(workspace: Workspace, user: User, role: str) -> None:
    if not Membership.objects.filter(user=user, workspace=workspace).exists():
        add_member(workspace=workspace, email=user.email, role=role, actor=content.ACTOR)


def _logins(users: dict[str, User]) -> list[tuple[str, str, str]]:
    """Each demo person's memberships: the demo workspace first, then by role as in Role."""
    memberships = Membership.objects.filter(user__in=users.values()).select_related(
        "user", "workspace"
    )
    ordered = sorted(
        memberships,
        key=lambda m: (
            m.workspace.slug != content.SLUG,
            m.workspace.name,
            Role.values.index(m.role),
            m.user.email,
        ),
    )
    return [(m.user.email, m.get_role_display(), m.workspace.name) for m in ordered]


# The CRM: accounts, competitors, deals, contacts --------------------------------------------


def _load_crm(workspace: Workspace, users: dict[str, User], result: DemoResult) -> None:
    rng = random.Random(2017)  # seeded: every first run builds the same demo
    accounts = _load_accounts(workspace)
    lookups = _Lookups(
        products={
            content.PRODUCT_FIXES.get(r["product"], r["product"]): r
            for r in _rows("maven_products.csv")
        },
        teams={r["sales_agent"]: r for r in _rows("maven_sales_teams.csv")},
        accounts=accounts,
        owners={user.name: user for user in users.values()},
        competitors=_add_competitors(workspace),
    )
    deals = [_deal(workspace, row, lookups, rng) for row in _rows("maven_sales_pipeline.csv")]
    _mark_disputes(deals, rng)
    Deal.objects.bulk_create(deals, batch_size=BATCH)
    # One entry for the whole load: 8,800 "deal created" lines would drown the history.
    log_action(
        workspace,
        "deals.loaded",
        actor=content.ACTOR,
        data={"count": len(deals), "source": content.SOURCE},
    )
    result.accounts = len(accounts)
    result.competitors = len(lookups.competitors)
    result.deals = len(deals)
    result.outcomes = dict(Counter(str(deal.outcome) for deal in deals))
    result.contacts = _add_contacts(workspace, rng)


def _load_accounts(workspace: Workspace) -> dict[str, Account]:
    existing = {
        name.lower()
        for name in Account.objects.filter(workspace=workspace).values_list("name", flat=True)
    }
    Account.objects.bulk_create(
        _account(workspace, row)
        for row in _rows("maven_accounts.csv")
        if row["account"].lower() not in existing
    )
    return {account.name: account for account in Account.objects.filter(workspace=workspace)}


def _account(workspace: Workspace, row: dict[str, str]) -> Account:
    country = content.COUNTRY_FIXES.get(row["office_location"], row["office_location"])
    revenue = Decimal(row["revenue"])  # millions of US dollars
    return Account(
        workspace=workspace,
        name=row["account"],
        industry=content.SECTOR_FIXES.get(row["sector"], row["sector"]).capitalize(),
        country=country,
        region=content.COUNTRY_REGION[country],
        tier=_tier(revenue),
        employees=int(row["employees"]),
        annual_revenue=revenue * 1_000_000,
        parent_name=row["subsidiary_of"],
    )


def _tier(revenue_millions: Decimal) -> str:
    if revenue_millions >= 1000:
        return "Enterprise"
    return "Mid-market" if revenue_millions >= 100 else "SMB"


def _add_competitors(workspace: Workspace) -> list[Competitor]:
    competitors = []
    for name, (website, aliases) in content.COMPETITORS.items():
        competitor = Competitor.objects.filter(workspace=workspace, name__iexact=name).first()
        if competitor is None:
            competitor = Competitor.objects.create(workspace=workspace, name=name, website=website)
            CompetitorAlias.objects.bulk_create(
                CompetitorAlias(workspace=workspace, competitor=competitor, alias=alias)
                for alias in aliases
            )
            # Logged here rather than through deals.services.create_competitor, which takes no
            # actor and would name the builder "system".
            log_action(
                competitor,
                "competitor.created",
                actor=content.ACTOR,
                changes={"name": [None, name], "aliases": [None, sorted(aliases)]},
            )
        competitors.append(competitor)
    return competitors


def _deal(workspace: Workspace, row: dict[str, str], lookups: _Lookups, rng: random.Random) -> Deal:
    product = content.PRODUCT_FIXES.get(row["product"], row["product"])
    outcome = STAGE_OUTCOME.get(row["deal_stage"], Outcome.OPEN)
    account = lookups.accounts.get(row["account"])  # 1,425 open deals have no account yet
    team = lookups.teams[row["sales_agent"]]
    owner = lookups.owners.get(row["sales_agent"])
    competitor = _competitor(outcome, lookups.competitors, rng)
    return Deal(
        workspace=workspace,
        crm_id=row["opportunity_id"],
        account=account,
        name=f"{account.name} — {product}" if account else f"{product} (unassigned account)",
        amount=_amount(row, outcome, lookups.products[product]),
        currency="USD",
        outcome=outcome,
        stage=row["deal_stage"],
        created_date=_date(row["engage_date"]),
        close_date=_date(row["close_date"]),
        owner_name=row["sales_agent"],
        owner=owner,
        owner_email=owner.email if owner else "",
        owner_team=f"{team['manager']}'s team",
        product=product,
        product_line=lookups.products[product]["series"],
        region=team["regional_office"],
        industry=account.industry if account else "",
        tier=account.tier if account else "",
        primary_competitor=competitor,
        rep_stated_reason=_rep_reason(outcome, competitor, rng),
    )


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _amount(row: dict[str, str], outcome: str, product: dict[str, str]) -> Decimal:
    # Only won deals carry their value in the sample: lost deals say 0 and open ones nothing.
    # The product's list price is the honest size of what was at stake in those.
    if outcome == Outcome.WON:
        return Decimal(row["close_value"])
    return Decimal(product["sales_price"])


def _competitor(
    outcome: str, competitors: list[Competitor], rng: random.Random
) -> Competitor | None:
    if outcome != Outcome.LOST or rng.random() >= content.SHARE_OF_LOSSES_WITH_COMPETITOR:
        return None
    return rng.choices(competitors, weights=content.COMPETITOR_WEIGHTS)[0]


def _rep_reason(outcome: str, competitor: Competitor | None, rng: random.Random) -> str:
    if outcome == Outcome.WON:
        return rng.choice(content.WON_REASONS)
    if outcome == Outcome.LOST:
        return rng.choice(
            content.LOST_TO_COMPETITOR_REASONS if competitor else content.LOST_REASONS
        )
    return ""


def _mark_disputes(deals: list[Deal], rng: random.Random) -> None:
    """A handful of the latest quarter's closed deals have an open dispute, so the active
    wave's sample has accounts to keep out."""
    latest = _quarter_start(max(deal.close_date for deal in deals if deal.close_date))
    for outcome in (Outcome.WON, Outcome.LOST):
        recent = [
            d for d in deals if d.outcome == outcome and d.close_date and d.close_date >= latest
        ]
        for deal in rng.sample(recent, content.DISPUTED_DEALS // 2):
            deal.open_dispute = True


def _add_contacts(workspace: Workspace, rng: random.Random) -> int:
    if Contact.objects.filter(workspace=workspace).exists():
        return 0
    accounts = list(Account.objects.filter(workspace=workspace).order_by("name"))
    # Every third account has only the one contact who led its decision.
    counts = [1 if index % 3 == 2 else 2 for index in range(len(accounts))]
    names = iter(
        rng.sample(
            list(itertools.product(content.CONTACT_FIRST_NAMES, content.CONTACT_LAST_NAMES)),
            sum(counts),
        )
    )
    contacts = []
    for account, count in zip(accounts, counts, strict=True):
        domain = slugify(account.name).replace("-", "") + ".example.com"
        for position in range(count):
            first, last = next(names)
            title, role = rng.choice(content.LEAD_TITLES if position == 0 else content.OTHER_TITLES)
            contacts.append(
                Contact(
                    workspace=workspace,
                    account=account,
                    name=f"{first} {last}",
                    email=f"{first}.{last}@{domain}".lower(),
                    title=title,
                    decision_role=role,
                )
            )
    # One buyer asked never to be contacted again; their deals show why they are skipped.
    rng.choice(contacts).do_not_contact = True
    Contact.objects.bulk_create(contacts)
    _attach_contacts(workspace)
    return len(contacts)


def _attach_contacts(workspace: Workspace) -> None:
    """The decision lead is on each of the account's closed deals; a colleague on every third."""
    people: dict[int, list[int]] = defaultdict(list)
    for contact_id, account_id in (
        Contact.objects.filter(workspace=workspace).order_by("id").values_list("id", "account_id")
    ):
        people[account_id].append(contact_id)
    deals = (
        Deal.objects.filter(workspace=workspace, account__isnull=False)
        .closed()
        .order_by("id")
        .values_list("id", "account_id")
    )
    link = Deal.contacts.through
    links = [
        link(deal_id=deal_id, contact_id=contact_id)
        for index, (deal_id, account_id) in enumerate(deals)
        for contact_id in people[account_id][: 2 if index % 3 == 0 else 1]
    ]
    link.objects.bulk_create(links, batch_size=BATCH)


# Programs ------------------------------------------------------------------------------------


def _add_programs(workspace: Workspace, owner: User) -> list[str]:
    """One wave per calendar quarter of closed deals, each following the one before."""
    months = Deal.objects.filter(workspace=workspace).closed().dates("close_date", "month")
    starts = sorted({_quarter_start(month) for month in months})
    names: list[str] = []
    previous = None
    for start in starts:
        label = window_label(start, Cadence.QUARTERLY)
        previous = create_program(
            workspace=workspace,
            user=None,
            actor=content.ACTOR,
            name=f"{label} wins and losses",
            objective=content.PROGRAM_OBJECTIVE.format(quarter=label),
            deal_types=[Outcome.WON, Outcome.LOST],
            window_start=start,
            window_end=start + relativedelta(months=3, days=-1),
            research_questions=list(content.RESEARCH_QUESTIONS),
            target_sample_size=20,
            cadence=Cadence.QUARTERLY,
            owner=owner,
            # Past quarters' waves are finished; the latest is the one being worked on.
            status=ProgramStatus.ACTIVE if start == starts[-1] else ProgramStatus.CLOSED,
            previous_wave=previous,
        )
        names.append(previous.name)
    return names


def _add_sample(program: Program, analyst: User) -> int:
    """The active wave's balanced sample, with two refusals already replaced from their
    strata: the sample page and program health then have something to show."""
    draw = draw_sample(
        program,
        settings=DrawSettings(
            size=content.SAMPLE_SIZE,
            allocation=Allocation.BALANCED,
            seed=content.SAMPLE_SEED,
        ),
        user=analyst,
        actor=content.ACTOR,
    )
    entries = draw.entries.filter(status=EntryStatus.SELECTED).order_by("outcome", "pk")
    for entry, (status, reason) in zip(
        [entries.filter(outcome=Outcome.LOST)[0], entries.filter(outcome=Outcome.WON)[0]],
        content.REFUSALS,
        strict=True,
    ):
        record_refusal(
            entry, status=status, reason=reason, user=analyst, expected_version=entry.version
        )
    return draw.entries.count()
