"""`winloss demo`: a realistic workspace the first time, nothing changed afterwards.

Each build loads 8,800 deals, so the command's first run is shared by the tests of this module
(what each test writes is rolled back) and each checks a lot.
"""

import datetime as dt
import itertools
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils.timezone import localdate, localtime

import winloss
from winloss.accounts.models import Membership, User, Workspace
from winloss.accounts.roles import Role
from winloss.activity.models import LogEntry
from winloss.deals.models import Account, Competitor, CompetitorAlias, Contact, Deal, Outcome
from winloss.demo.build import DATA, PASSWORD, build_demo_workspace
from winloss.guides.models import GuideStatus, GuideVersion
from winloss.outreach.models import (
    Appointment,
    Availability,
    ConsentRecord,
    MessageStatus,
    OutreachMessage,
)
from winloss.programs.models import EntryStatus, Program, ProgramStatus, SampleEntry
from winloss.testing.once import built_once

pytestmark = pytest.mark.xdist_group("demo-first-run")

SAMPLE_FILES = [
    "maven_sales_pipeline.csv",
    "maven_accounts.csv",
    "maven_products.csv",
    "maven_sales_teams.csv",
]


def _counts() -> dict[str, int]:
    models = [
        *(Workspace, User, Membership, Account, Contact, Competitor, CompetitorAlias, Deal),
        *(GuideVersion, Availability, Appointment, OutreachMessage, ConsentRecord),
    ]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["deal contacts"] = Deal.contacts.through.objects.count()
    counts["programs"] = Program.objects.count()
    counts["log entries"] = LogEntry.objects.count()
    return counts


@pytest.fixture(scope="module")
def _first_run(django_db_setup, django_db_blocker, tmp_path_factory):
    # From another directory: the data must come from the package, not a path nearby.
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path_factory.mktemp("elsewhere"))
        with built_once(django_db_blocker, _demo_command) as printed:
            patch.undo()
            yield printed


@pytest.fixture
def first_run(_first_run, db) -> str:
    """What `winloss demo` printed when it built the demo workspace."""
    return _first_run


def test_demo_loads_a_realistic_crm_from_the_maven_sample(first_run):
    _check_deals(first_run)
    _check_accounts()
    _check_invented_parts()


def _check_deals(printed: str) -> None:
    outcomes = dict(Deal.objects.values_list("outcome").annotate(n=Count("id")))
    assert outcomes == {"won": 4238, "lost": 2473, "open": 2089}
    # The summary counts what was loaded.
    assert "8,800 deals from" in printed and "(4,238 won, 2,473 lost, 2,089 open)" in printed
    assert Deal.objects.filter(account=None).count() == 1425
    assert Deal.objects.get(crm_id="1C1I7A6R").name == "Cancity — GTX Plus Basic"
    assert Deal.objects.filter(account=None).first().name.endswith("(unassigned account)")
    assert Deal.objects.filter(product="GTX Pro").count() == 1480  # the file says GTXPro
    assert not Deal.objects.filter(product="GTXPro").exists()
    # Lost and open deals are sized at the product's list price, not the file's 0.
    assert not Deal.objects.filter(amount__lte=0).exists()
    assert Deal.objects.get(crm_id="1C1I7A6R").amount == 1054
    darcel = Deal.objects.filter(owner_name="Darcel Schlecht").first()
    assert darcel.owner.email == "stakeholder@demo.winloss.example"
    assert (darcel.region, darcel.owner_team) == ("Central", "Melvin Marxen's team")


def _check_accounts() -> None:
    acme = Account.objects.get(name="Acme Corporation")
    assert (acme.industry, acme.country, acme.region, acme.tier) == (
        "Technology",
        "United States",
        "North America",
        "Enterprise",
    )
    assert acme.annual_revenue == 1_100_040_000
    assert Account.objects.count() == 85
    assert Account.objects.filter(country="Philippines", region="APAC").exists()
    assert set(Account.objects.values_list("region", flat=True)) == {
        "North America",
        "Latin America",
        "EMEA",
        "APAC",
    }
    assert set(Account.objects.values_list("tier", flat=True)) == {
        "Enterprise",
        "Mid-market",
        "SMB",
    }
    assert Account.objects.filter(parent_name="Acme Corporation").count() == 4


def _check_invented_parts() -> None:
    vector = Competitor.objects.get(name="Vector Solutions")
    assert "Vector Solutions Inc." in vector.aliases.values_list("alias", flat=True)
    with_rival = Deal.objects.exclude(primary_competitor=None)
    assert set(with_rival.values_list("outcome", flat=True)) == {Outcome.LOST}
    assert 0.5 < with_rival.count() / 2473 < 0.7
    assert not Deal.objects.closed().filter(rep_stated_reason="").exists()
    assert not Deal.objects.filter(outcome=Outcome.OPEN).exclude(rep_stated_reason="").exists()
    disputed = Deal.objects.filter(open_dispute=True)
    assert disputed.count() == 6 and not disputed.filter(close_date__lt=dt.date(2017, 10, 1))

    assert Contact.objects.filter(do_not_contact=True).count() == 1
    # The demo's buyers, whatever another test of this worker may have left behind.
    buyers = Contact.objects.filter(workspace__slug="demo")
    # Invented addresses only, at names reserved for examples (RFC 2606): the CRM sample's
    # at example.com, the invented procurement voice's under .example.
    reserved = (".example.com", ".example")
    assert [c.email for c in buyers if not c.email.endswith(reserved)] == []
    counts = Account.objects.annotate(n=Count("contacts")).values_list("n", flat=True)
    assert set(counts) == {1, 2}
    assert Deal.objects.closed().filter(account__isnull=False, contacts=None).count() == 0


def test_demo_builds_people_and_programs_once_then_only_prints_the_logins(first_run):
    printed = first_run
    assert "Built the demo workspace" in printed and "8,800 deals" in printed
    _check_people()
    _check_programs()
    _check_outreach(printed)
    assert LogEntry.objects.filter(action="deals.loaded").count() == 1

    before = _counts()
    again = build_demo_workspace()
    printed = _demo_command()
    assert _counts() == before
    assert not again.changed and again.deals == 0 and again.programs == []
    assert "already built: nothing changed" in printed
    assert "http://127.0.0.1:8000/" in printed and PASSWORD in printed
    # Every role, a second interviewer, and the interviewer's agency workspace.
    assert len(again.logins) == len(Role) + 2
    for email, role, workspace in again.logins:
        assert email in printed and role in printed and workspace in printed
        assert User.objects.get(email=email).check_password(PASSWORD)


def _demo_command() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def _check_people() -> None:
    roles = set(Membership.objects.filter(workspace__slug="demo").values_list("role", flat=True))
    assert roles == set(Role.values)
    interviewer = User.objects.get(email="interviewer@demo.winloss.example")
    assert {(m.workspace.slug, m.role) for m in interviewer.memberships.all()} == {
        ("demo", Role.INTERVIEWER),
        ("northwind", Role.OWNER),
    }
    assert not Deal.objects.filter(workspace__slug="northwind").exists()


def _check_programs() -> None:
    programs = list(Program.objects.order_by("window_start"))
    assert [p.name for p in programs] == [f"Q{q} 2017 wins and losses" for q in (1, 2, 3, 4)]
    assert (programs[0].window_start, programs[0].window_end) == (
        dt.date(2017, 1, 1),
        dt.date(2017, 3, 31),
    )
    assert programs[-1].window_end == dt.date(2017, 12, 31)
    assert programs[0].previous_wave is None
    assert all(b.previous_wave == a for a, b in itertools.pairwise(programs))
    assert [p.status for p in programs] == ["closed", "closed", "closed", "active"]
    assert all(p.owner.email == "owner@demo.winloss.example" for p in programs)
    assert all(p.scope_is_defined and p.cadence == "quarterly" for p in programs)
    assert LogEntry.objects.filter(action="program.created", actor="demo").count() == 4


def _check_outreach(printed: str) -> None:
    """The active wave is ready for interviews: SOP steps 3 and 4 under way."""
    active = Program.objects.get(status=ProgramStatus.ACTIVE)
    guide = GuideVersion.objects.get(program=active)
    assert guide.status == GuideStatus.APPROVED
    assert guide.approved_by.email == "owner@demo.winloss.example"

    windows = Availability.objects.order_by("starts_at")
    assert windows.count() == 2 * 10 * 2  # two interviewers, ten weekdays, morning and afternoon
    assert {localtime(w.starts_at).weekday() for w in windows} <= {0, 1, 2, 3, 4}
    assert localtime(windows.first().starts_at).date() > localdate()
    hours = {(localtime(w.starts_at).hour, localtime(w.ends_at).hour) for w in windows}
    assert hours == {(9, 12), (14, 17)}  # in the server's time zone

    selected = SampleEntry.objects.current(active).filter(status=EntryStatus.SELECTED).count()
    statuses = dict(
        Appointment.objects.filter(program=active).values_list("status").annotate(n=Count("id"))
    )
    assert statuses == {"invited": selected - 2, "scheduled": 2}
    booked = Appointment.objects.filter(status="scheduled").order_by("starts_at")
    assert [a.consents.get().recording_allowed for a in booked] == [True, False]
    for appointment in booked:
        inside = Availability.objects.filter(
            interviewer=appointment.interviewer,
            starts_at__lte=appointment.starts_at,
            ends_at__gte=appointment.ends_at,
        )
        assert inside.exists(), "booked outside the interviewer's availability"
    # Nothing was emailed: every message is on record, none left for a mail task.
    assert OutreachMessage.objects.filter(kind="invitation").count() == selected
    assert set(OutreachMessage.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    assert f"{selected} invitations sent" in printed and "2 interviews booked" in printed


def test_demo_data_ships_inside_the_package_unmodified_but_credited():
    assert DATA.resolve().parent.parent == Path(winloss.__file__).resolve().parent
    for name in SAMPLE_FILES:
        assert (DATA / name).is_file(), name
    credits = (DATA / "CREDITS.md").read_text()
    assert "Maven Analytics" in credits and "ikebude/CRM-Sales-Analysis" in credits


def test_the_finished_wave_has_validated_coded_interviews_to_analyse(first_run):
    from winloss.analysis.figures import analysis
    from winloss.analysis.scope import Scope
    from winloss.coding.models import CodedExcerpt
    from winloss.interviews.queries import validated_interviews

    finished = Program.objects.get(workspace__slug="demo", name="Q3 2017 wins and losses")
    # Twenty deals heard, one of them a second time, from procurement, on the price.
    assert validated_interviews(finished).count() == 21
    assert CodedExcerpt.objects.filter(program=finished).count() == 62
    figures = analysis(Scope(finished))
    assert figures["interviews"] == 21 and figures["deals"] == 20 and figures["drivers"]
    roles = {c["value"] for c in figures["cuts"]["respondent_role"]["cells"]}
    assert roles == {"Evaluator", "Procurement"}
    # Each interview was held by someone who does not own the deal.
    for interview in validated_interviews(finished).select_related("entry__deal", "interviewer"):
        assert not interview.entry.deal.is_owned_by(interview.interviewer)
