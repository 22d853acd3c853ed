"""The one change the history allows: its quoted words removed, the entry itself kept."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from winloss.accounts.roles import Role
from winloss.activity.display import describe
from winloss.activity.models import REMOVED, LogEntry
from winloss.activity.services import log_action, remove_words
from winloss.testing import make_contact, make_deal


def _about(obj) -> Q:
    return Q(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


def test_removing_words_keeps_who_did_what_when_and_records_itself(workspace, people):
    admin = people[Role.ADMIN]
    deal = make_deal(workspace, name="Initech renewal")
    declined = log_action(
        deal, "sample.declined", data={"deal": "Initech renewal", "reason": "Ann hates us"}
    )
    contact = make_contact(workspace, name="Ann Example")
    edited = log_action(contact, "contact.changed", changes={"email": ["", "ann@x.example"]})
    untouched = log_action(deal, "deal.changed", changes={"amount": [1, 2]})
    before = LogEntry.objects.get(pk=declined.pk)

    count = remove_words(
        LogEntry.objects.filter(pk__in=[declined.pk, edited.pk]),
        on=workspace,
        named=_about(contact),
        user=admin,
    )

    assert count == 2
    after = LogEntry.objects.get(pk=declined.pk)
    assert after.data == {"deal": "Initech renewal", "reason": REMOVED}
    assert (after.action, after.actor, after.created) == (
        before.action,
        before.actor,
        before.created,
    )
    edited.refresh_from_db()
    assert edited.changes == {"email": ["", REMOVED]} and "Ann" not in edited.object_repr
    untouched.refresh_from_db()
    assert untouched.changes == {"amount": [1, 2]}
    record = LogEntry.objects.get(action="log.words_removed")
    assert (record.data, record.user) == ({"entries": 2}, admin)
    assert describe(record) == "The words quoted in 2 earlier history entries were removed."


def test_entries_without_words_are_left_alone_and_nothing_is_recorded(workspace):
    log_action(make_deal(workspace), "deal.changed", data={"count": 3})

    assert remove_words(LogEntry.objects.all(), on=workspace) == 0
    assert not LogEntry.objects.filter(action="log.words_removed").exists()
