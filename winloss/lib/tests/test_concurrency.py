import pytest

from winloss.lib.concurrency import StaleEdit, save_versioned
from winloss.testing import make_deal


def test_save_versioned_writes_and_moves_the_version_on(workspace):
    deal = make_deal(workspace)
    deal.name = "Renamed"
    save_versioned(deal, expected_version=1, fields=["name"])
    deal.refresh_from_db()
    assert (deal.name, deal.version) == ("Renamed", 2)


def test_save_versioned_refuses_an_edit_made_on_an_old_version(workspace):
    deal = make_deal(workspace, name="Original")
    first, second = type(deal).objects.get(pk=deal.pk), type(deal).objects.get(pk=deal.pk)
    first.name = "First writer"
    save_versioned(first, expected_version=1, fields=["name"])
    second.name = "Second writer"
    with pytest.raises(StaleEdit) as caught:
        save_versioned(second, expected_version=1, fields=["name"])
    assert caught.value.current.name == "First writer"
    deal.refresh_from_db()
    assert deal.name == "First writer"
