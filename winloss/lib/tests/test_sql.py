"""The imports' batched insert and update: the values a model would store, with none of the
model's help (defaults and timestamps given by the caller)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from winloss.deals.models import Account
from winloss.lib.sql import field_defaults, insert_instances, insert_rows, update_rows

GIVEN = ("workspace_id", "name", "annual_revenue", "created", "updated")


def test_inserted_rows_read_back_as_the_model_would_have_saved_them(workspace):
    now = timezone.now()
    defaults = field_defaults(Account, given=GIVEN)
    assert defaults["version"] == 1 and "created" not in defaults and "id" not in defaults
    insert_rows(
        Account,
        [*GIVEN, *defaults],
        [
            [workspace.pk, "Globex", Decimal("1250000.50"), now, now, *defaults.values()],
            [workspace.pk, "Initech", None, now, now, *defaults.values()],
        ],
    )
    globex, initech = Account.objects.filter(workspace=workspace).order_by("name")
    assert (globex.annual_revenue, globex.version, globex.crm_id) == (Decimal("1250000.50"), 1, "")
    assert globex.created == globex.updated == now and initech.annual_revenue is None


def test_an_update_changes_the_named_columns_and_bumps_the_version(workspace):
    account = Account.objects.create(workspace=workspace, name="Globex")
    later = timezone.now() + dt.timedelta(minutes=5)
    update_rows(Account, ["industry", "updated"], [["Software", later, account.pk]])
    account.refresh_from_db()
    assert (account.industry, account.updated, account.version) == ("Software", later, 2)


def test_inserted_instances_get_their_keys_and_stamps_as_a_save_would_give(workspace):
    made = [
        Account(workspace=workspace, name=name, crm_id=name[:3]) for name in ("Globex", "Hooli")
    ]
    before = timezone.now()
    insert_instances(made, read_back=Account.objects.filter(workspace=workspace), key=["crm_id"])
    stored = {a.name: a for a in Account.objects.filter(workspace=workspace)}
    assert {a.pk for a in made} == {a.pk for a in stored.values()}
    for account in made:
        assert account.pk == stored[account.name].pk and not account._state.adding
        assert stored[account.name].created >= before and stored[account.name].version == 1
