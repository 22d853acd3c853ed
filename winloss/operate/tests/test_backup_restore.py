"""A backup restores to the same rows and files, on the engine the suite runs on; a damaged
archive, a newer schema or a target that is not empty is refused before anything is written.

Transactional: pg_dump reads the database from its own session, so the rows must be committed.
"""

import json
import struct
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.utils import load_backend

from winloss.accounts.roles import Role
from winloss.activity.services import log_action
from winloss.lib.files import walk, where
from winloss.operate.archive import DATABASE, MANIFEST, BackupError
from winloss.operate.backup import back_up
from winloss.operate.restore import restore
from winloss.testing import make_deal, make_member, make_program, make_workspace
from winloss.testing.planting import FIT, PRICE, lost, plant, won

pytestmark = pytest.mark.django_db(transaction=True)

UPLOAD = "imports/1/crm-export.csv"
REJECTS = "imports/1/rejected/rows.csv"


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def empty_folder(tmp_path) -> FileSystemStorage:
    return FileSystemStorage(location=tmp_path / "restored-media")


@pytest.fixture
def target(transactional_db, tmp_path):
    """A fresh, empty database on the suite's engine, as the connection alias it yields.
    Made as a dynamic connection (outside settings.DATABASES), which the test case allows."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(tmp_path / "restored.sqlite3")
    else:
        name = f"{source['NAME']}_restored"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    restored = load_backend(source["ENGINE"]).DatabaseWrapper({**source, "NAME": name}, "restored")
    connections["restored"] = restored
    try:
        yield "restored"
    finally:
        restored.close()
        del connections["restored"]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build_workspace() -> None:
    workspace = make_workspace(slug="backed-up")
    owner = make_member(workspace, Role.OWNER)
    program = make_program(workspace)
    make_deal(workspace, name="Open deal with ünïcode — and a quote's mark")
    plant(program, [lost(codes=[PRICE], region="North"), won(codes=[FIT], tier="Enterprise")])
    log_action(program, "program.scope_changed", user=owner, changes={"name": ["Old", "New"]})
    for name, content in (
        (UPLOAD, b"Opportunity,Stage\nAcme,Closed Lost\n"),
        (REJECTS, bytes(range(256))),
    ):
        default_storage.save(name, ContentFile(content))


def rows(alias: str) -> dict[str, list[tuple]]:
    """Every table's rows, all columns, ordered by primary key (or by every column)."""
    db = connections[alias]
    quote = db.ops.quote_name
    found = {}
    with db.cursor() as cursor:
        for table in sorted(db.introspection.table_names(cursor)):
            pk = db.introspection.get_primary_key_column(cursor, table)
            columns = [c.name for c in db.introspection.get_table_description(cursor, table)]
            order = ", ".join(quote(c) for c in ([pk] if pk else columns))
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")
            found[table] = cursor.fetchall()
    return found


def files(storage: Storage) -> dict[str, bytes]:
    found = {}
    for name in walk(storage=storage):
        with storage.open(name, "rb") as handle:
            found[name] = handle.read()
    return found


def tables(alias: str) -> list[str]:
    with connections[alias].cursor() as cursor:
        return connections[alias].introspection.table_names(cursor)


def test_a_backup_restores_every_row_and_file_into_a_fresh_target(stored_files, target, tmp_path):
    build_workspace()
    manifest = back_up(out=tmp_path / "backup.zip")
    restored_files = stored_files.empty_twin(tmp_path / "restored-media")

    restore(archive=tmp_path / "backup.zip", using=target, storage=restored_files)

    source = rows(DEFAULT_DB_ALIAS)
    assert source["deals_deal"] and source["activity_logentry"] and source["coding_codedexcerpt"]
    assert rows(target) == source
    kept = files(default_storage)
    assert files(restored_files) == kept and set(kept) == {UPLOAD, REJECTS}
    engine = "sqlite" if connection.vendor == "sqlite" else "postgresql"
    assert manifest["engine"] == engine
    assert [m["path"] for m in manifest["members"]] == [
        DATABASE[engine],
        f"media/{UPLOAD}",
        f"media/{REJECTS}",
    ]
    assert manifest["schema"]["deals"].startswith("000")


def test_the_backup_command_writes_only_the_finished_archive(media, tmp_path):
    build_workspace()
    out = tmp_path / "nightly.zip"

    call_command("backup", str(out), stdout=(tmp_path / "said").open("w"))

    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert out.stat().st_mode & 0o077 == 0  # it holds everyone's data
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read(MANIFEST))
    assert {"format", "winloss", "created", "engine", "schema", "members"} <= set(manifest)
    assert "2 stored files" in (tmp_path / "said").read_text()


def _flip_a_byte_of(archive: Path, member: str) -> None:
    """Damage the member's bytes inside the archive itself, as a bad disk would."""
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo(member)
    data = bytearray(archive.read_bytes())
    name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26 :][:4])
    start = info.header_offset + 30 + name_length + extra_length
    data[start + info.compress_size // 2] ^= 0xFF
    archive.write_bytes(bytes(data))


def _rewrite(archive: Path, *, manifest: dict | None = None, member: str = "") -> None:
    """The archive again, with another manifest or with one member's content changed (a
    change its ZIP checksum agrees with: only the manifest's sha256 can tell)."""
    with zipfile.ZipFile(archive) as zf:
        contents = {name: zf.read(name) for name in zf.namelist()}
    if manifest is not None:
        contents[MANIFEST] = json.dumps(manifest).encode()
    if member:
        contents[member] = contents[member][:-1] + bytes([contents[member][-1] ^ 1])
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in contents.items():
            zf.writestr(name, content)


def _refused(archive: Path, target: str, storage: Storage) -> str:
    with pytest.raises(BackupError) as refused:
        restore(archive=archive, using=target, storage=storage)
    message = str(refused.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("damage", ["flipped in the archive", "changed under its zip checksum"])
def test_a_damaged_member_is_refused_by_name_before_anything_is_written(
    damage, media, target, tmp_path
):
    build_workspace()
    archive = tmp_path / "backup.zip"
    back_up(out=archive)
    if damage == "flipped in the archive":
        _flip_a_byte_of(archive, f"media/{UPLOAD}")
    else:
        _rewrite(archive, member=f"media/{UPLOAD}")

    message = _refused(archive, target, empty_folder(tmp_path))

    assert message.startswith(f"media/{UPLOAD} in {archive}")
    assert "damaged" in message
    assert tables(target) == [] and not (tmp_path / "restored-media").exists()


def test_a_schema_newer_than_the_code_is_refused(media, target, tmp_path):
    archive = tmp_path / "backup.zip"
    manifest = back_up(out=archive)
    manifest["schema"]["deals"] = "9999_from_a_later_version"
    _rewrite(archive, manifest=manifest)

    message = _refused(archive, target, empty_folder(tmp_path))

    assert message == (
        "This backup's schema is newer than this winloss (deals migration "
        "9999_from_a_later_version is not in its code); upgrade winloss, then restore."
    )
    assert tables(target) == []


def test_a_database_that_holds_tables_is_refused(media, tmp_path):
    archive = tmp_path / "backup.zip"
    back_up(out=archive)

    message = _refused(archive, DEFAULT_DB_ALIAS, empty_folder(tmp_path))

    assert message.startswith(f"The database {connection.settings_dict['NAME']} already holds ")
    assert message.endswith(
        "tables; restore into an empty one (a new DATA_DIR, or an empty PostgreSQL database "
        "in DATABASE_URL)."
    )


def test_a_file_storage_that_holds_files_is_refused(stored_files, target, tmp_path):
    build_workspace()
    archive = tmp_path / "backup.zip"
    back_up(out=archive)

    message = _refused(archive, target, default_storage)

    assert message == (
        f"{where()} already holds files; empty it (or use a new DATA_DIR, or another S3_BUCKET)."
    )
    assert tables(target) == []


def test_the_restore_command_says_the_refusal_in_one_line(media, tmp_path):
    with pytest.raises(CommandError, match=r"^There is no file .*missing\.zip\.$"):
        call_command("restore", str(tmp_path / "missing.zip"))
