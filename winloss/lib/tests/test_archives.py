import io
import zipfile

import pytest

from winloss.hostile_files import docx_bomb, peak_memory
from winloss.lib.archives import ArchiveRefused, check_archive

MB = 1024**2


def _zip(**members: bytes) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out


def test_a_bomb_is_refused_without_unpacking_it(settings):
    bomb = io.BytesIO(docx_bomb(50))
    with (
        peak_memory() as peak,
        pytest.raises(ArchiveRefused, match=r"unpacks to 50\.0 MB from 1\d\d KB, more than 100"),
    ):
        check_archive(bomb, max_unpacked=1024 * MB)
    assert peak() < 5 * MB  # read from the archive's directory, not by unpacking


def test_an_archive_larger_unpacked_than_allowed_is_refused(settings):
    archive = _zip(big=bytes(range(256)) * 8192)  # 2 MB that hardly compresses
    with pytest.raises(ArchiveRefused, match=r"unpacks to 2\.0 MB, more than the 1\.0 MB"):
        check_archive(archive, max_unpacked=MB)


def test_the_ratio_is_a_setting(settings):
    # 2.6 MB that compresses about tenfold, as ordinary text does.
    archive = _zip(text=b"".join(f"Row {i}: price mattered.\n".encode() for i in range(100_000)))
    check_archive(archive, max_unpacked=100 * MB)
    settings.ARCHIVE_MAX_RATIO = 5
    with pytest.raises(ArchiveRefused, match="more than 5 times its size"):
        check_archive(archive, max_unpacked=100 * MB)


def test_a_small_document_that_compresses_well_is_fine(settings):
    settings.ARCHIVE_MAX_RATIO = 2
    check_archive(_zip(text=b"a" * 500_000), max_unpacked=MB)


def test_a_damaged_archive_is_refused_with_a_reason(settings):
    with pytest.raises(ArchiveRefused, match="damaged"):
        check_archive(io.BytesIO(b"PK\x03\x04 not really a zip"), max_unpacked=MB)
