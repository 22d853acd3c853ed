"""A purge leaves no purged word in the evidence library's full-text index: on SQLite the
index's own storage is merged, so a word marked deleted is not still written in its pages."""

import pytest
from django.db import connection

from winloss.evidence.fulltext import TABLE
from winloss.retention import services
from winloss.retention.models import RetentionPolicy
from winloss.testing import make_program

from .builders import old_interview

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL's index is a column of the row itself"
)


def _stored_bytes() -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT block FROM {TABLE}_data")
        return b"".join(bytes(row[0]) for row in cursor.fetchall() if row[0])


def test_the_purged_words_are_gone_from_the_index_pages(workspace):
    RetentionPolicy.objects.create(workspace=workspace, days=90)
    program = make_program(workspace)
    old_interview(program, days_ago=120)
    # The porter stemmer writes "whitfield" as it is: a word only the purged text holds.
    assert b"whitfield" in _stored_bytes()
    services.purge(workspace)
    assert b"whitfield" not in _stored_bytes()
