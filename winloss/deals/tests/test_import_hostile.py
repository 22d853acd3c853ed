"""A workbook that would unpack to far more than it weighs is refused before it is parsed."""

import pytest

from winloss.deals.imports import ImportFailed, import_deals
from winloss.deals.models import Deal
from winloss.hostile_files import peak_memory, xlsx_bomb


def test_an_xlsx_bomb_is_refused_unopened_and_nothing_is_written(workspace, tmp_path):
    path = tmp_path / "deals.xlsx"
    path.write_bytes(xlsx_bomb(60))
    assert path.stat().st_size < 300 * 1024
    with (
        peak_memory() as peak,
        pytest.raises(ImportFailed, match=r"cannot be imported: it unpacks to 60\.0 MB from"),
    ):
        import_deals(workspace=workspace, source=path)
    # Refused from the archive's directory: what unpacking would cost never comes to memory.
    assert peak() < 20 * 1024 * 1024
    assert not Deal.objects.exists()


def test_the_unpacked_size_of_a_workbook_is_a_setting(workspace, tmp_path, settings):
    settings.ARCHIVE_MAX_RATIO = 10_000
    settings.IMPORT_MAX_UNPACKED_MB = 10
    path = tmp_path / "deals.xlsx"
    path.write_bytes(xlsx_bomb(20))
    with pytest.raises(ImportFailed, match=r"more than the 10\.0 MB allowed"):
        import_deals(workspace=workspace, source=path)
