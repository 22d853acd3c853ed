import itertools

from django.db.models import Count

from winloss.accounts.models import Membership, User
from winloss.accounts.roles import Role
from winloss.activity.models import LogEntry
from winloss.deals.models import Account, Contact, Deal
from winloss.demo.build import DATA, PASSWORD, build_demo_workspace
from winloss.programs.models import Program


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Deal, Account, Contact, Program, User, Membership, LogEntry)
    }


def test_demo_builds_a_realistic_workspace_once_and_then_changes_nothing(db):
    first = build_demo_workspace()

    outcomes = dict(Deal.objects.values_list("outcome").annotate(n=Count("id")))
    assert outcomes == {"won": 4238, "lost": 2473, "open": 2089}
    assert Account.objects.count() == 85
    assert not Deal.objects.filter(product="GTXPro").exists()
    assert Deal.objects.filter(owner__email="stakeholder@demo.winloss.example").count() > 0

    programs = list(Program.objects.order_by("window_start"))
    assert [p.name for p in programs] == [f"Q{q} 2017 wins and losses" for q in (1, 2, 3, 4)]
    assert all(b.previous_wave == a for a, b in itertools.pairwise(programs))
    assert programs[-1].status == "active"

    roles = set(Membership.objects.filter(workspace__slug="demo").values_list("role", flat=True))
    assert roles == set(Role.values)
    for email, _, _ in first.logins:
        assert User.objects.get(email=email).check_password(PASSWORD)
    interviewer = User.objects.get(email="interviewer@demo.winloss.example")
    assert interviewer.memberships.count() == 2  # the agency interviewer's second client

    before = _counts()
    second = build_demo_workspace()
    assert _counts() == before
    assert not second.created and second.deals == 0 and second.programs == []
    assert second.logins == first.logins


def test_demo_data_ships_inside_the_package():
    assert DATA.parts[-2:] == ("demo", "data")
    for name in (
        "maven_sales_pipeline.csv",
        "maven_accounts.csv",
        "maven_products.csv",
        "maven_sales_teams.csv",
        "CREDITS.md",
    ):
        assert (DATA / name).is_file(), name
