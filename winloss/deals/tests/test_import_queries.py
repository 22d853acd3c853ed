"""An import's query count depends on its chunks, never on its rows."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

from winloss.deals.imports import import_deals
from winloss.testing import make_workspace


def _file(rows: int) -> io.BytesIO:
    lines = ["Id,Name,Account Name,Stage,Amount,Close Date,Created Date,Owner,Primary Competitor"]
    lines += [
        f"OPP-{i},Deal {i},Account {i % 150},{('Closed Won', 'Closed Lost', 'Proposal')[i % 3]},"
        f"{1000 + i}.50,2025-03-{i % 28 + 1:02d},2025-01-{i % 28 + 1:02d},Rep {i % 20},"
        f"Rival {i % 5}"
        for i in range(rows)
    ]
    return io.BytesIO("\n".join(lines).encode())


def _queries(workspace, rows: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        result = import_deals(workspace=workspace, source=_file(rows))
    assert result.rejected == 0 and result.created + result.unchanged == rows
    return len(captured)


def test_importing_2000_rows_takes_as_few_queries_as_200(workspace, django_assert_max_num_queries):
    _queries(make_workspace(), 10)  # warms Django's content-type cache, used by the log
    small = _queries(make_workspace(), 200)
    with django_assert_max_num_queries(20):
        import_deals(workspace=workspace, source=_file(2000))
    assert _queries(make_workspace(), 2000) == small


def test_reimporting_2000_rows_takes_a_bounded_number_of_queries(
    workspace, django_assert_max_num_queries
):
    import_deals(workspace=workspace, source=_file(2000))
    with django_assert_max_num_queries(16):  # 16: the log entry's new figures token too
        result = import_deals(workspace=workspace, source=_file(2000))
    assert result.unchanged == 2000
