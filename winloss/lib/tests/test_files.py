"""The file storage behaves the same on disk and in a bucket: what is saved reads back byte for
byte, a taken name is never written over, every file can be listed (for a backup) and
deleted (by a purge). Each test runs on the file system and on a local S3-compatible server.
The S3_* variables make the storage's settings, or stop the app naming the one mistyped."""

import hashlib

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile

from winloss.lib.files import walk, where
from winloss.settings import files_storage

BYTES = bytes(range(256)) * 4096  # 1 MB of every byte value: nothing is re-encoded


def test_a_saved_file_reads_back_byte_for_byte_under_its_name(stored_files):
    storage = stored_files.storage

    name = storage.save("imports/7/upload.csv", ContentFile(BYTES))

    assert name == "imports/7/upload.csv"
    assert storage.exists(name) and storage.size(name) == len(BYTES)
    with storage.open(name, "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == hashlib.sha256(BYTES).hexdigest()


def test_a_taken_name_is_never_written_over(stored_files):
    storage = stored_files.storage
    first = storage.save("reports/1/2/v1.pdf", ContentFile(b"first"))

    second = storage.save("reports/1/2/v1.pdf", ContentFile(b"second"))

    assert second != first and second.startswith("reports/1/2/v1_")
    with storage.open(first, "rb") as handle:
        assert handle.read() == b"first"
    with storage.open(second, "rb") as handle:
        assert handle.read() == b"second"


def test_every_file_is_listed_in_order_whatever_its_folder(stored_files):
    storage = stored_files.storage
    for name in ("reports/1/2/v1.pdf", "imports/7/b.csv", "imports/7/a-rejected.csv", "top"):
        storage.save(name, ContentFile(b"x"))

    assert list(walk(storage=storage)) == [
        "imports/7/a-rejected.csv",
        "imports/7/b.csv",
        "reports/1/2/v1.pdf",
        "top",
    ]
    assert list(walk("imports/7", storage=storage)) == [
        "imports/7/a-rejected.csv",
        "imports/7/b.csv",
    ]
    assert list(walk("imports/8", storage=storage)) == []  # a folder nothing was saved in


def test_a_deleted_file_is_gone_and_deleting_it_again_is_harmless(stored_files):
    storage = stored_files.storage
    name = storage.save("imports/7/upload.csv", ContentFile(b"x"))

    storage.delete(name)
    storage.delete(name)

    assert not storage.exists(name) and list(walk(storage=storage)) == []


def test_messages_say_where_the_files_are(stored_files, settings):
    if stored_files.kind == "S3":
        assert where().startswith(f"the bucket {stored_files.bucket} at http://127.0.0.1:")
    else:
        assert where() == str(settings.MEDIA_ROOT)


S3 = {
    "S3_BUCKET": "winloss-files",
    "S3_ENDPOINT_URL": "https://s3.example.net/",
    "S3_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "S3_SECRET_ACCESS_KEY": "secret",
    "S3_REGION": "eu-west-3",
}


@pytest.fixture
def environ(monkeypatch):
    for name in (*S3, "S3_ADDRESSING_STYLE"):
        monkeypatch.delenv(name, raising=False)

    def set_to(values: dict[str, str]) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_to


def test_files_stay_on_this_machine_unless_a_bucket_is_named(environ):
    environ({"S3_ENDPOINT_URL": "https://s3.example.net"})  # no bucket: not used
    assert files_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_is_private_never_written_over_and_reached_where_configured(environ):
    environ(S3)
    storage = files_storage()
    assert storage["BACKEND"] == "winloss.lib.s3.LimitedS3Storage"
    assert storage["OPTIONS"] | {"max_memory_size": 0} == {
        "bucket_name": "winloss-files",
        "endpoint_url": "https://s3.example.net",
        "region_name": "eu-west-3",
        "access_key": "AKIDEXAMPLE",
        "secret_key": "secret",
        "addressing_style": "path",
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 60,
        "max_memory_size": 0,
        "timeout": 20,
    }


def test_aws_itself_needs_only_the_bucket_and_the_machines_own_credentials(environ):
    environ({"S3_BUCKET": "winloss-files"})
    options = files_storage()["OPTIONS"]
    assert "access_key" not in options and "secret_key" not in options
    assert (options["endpoint_url"], options["addressing_style"]) == (None, "auto")


@pytest.mark.parametrize(
    "mistake, says",
    [
        (
            {"S3_SECRET_ACCESS_KEY": ""},
            "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together",
        ),
        ({"S3_ENDPOINT_URL": "s3.example.net:9000"}, "S3_ENDPOINT_URL must be a whole address"),
        ({"S3_ADDRESSING_STYLE": "dns"}, "S3_ADDRESSING_STYLE must be one of auto, path, virtual"),
    ],
)
def test_a_mistyped_bucket_setting_stops_the_app_naming_it(environ, mistake, says):
    environ({**S3, **mistake})
    with pytest.raises(ImproperlyConfigured, match=says):
        files_storage()
