"""Fixtures for the file storage: a folder of the test's own, or a real S3-compatible server
(moto's, started once per test process on loopback) with a fresh bucket per test, configured
through the same environment variables and ``files_storage()`` as production.

``stored_files`` runs a test once on each: ask for it to prove a flow works whichever storage
an installation chose. ``s3_files`` is the bucket alone.
"""

import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage

# Any key pair will do for the local server; the region is the one a bucket needs no
# location for.
KEY_ID, SECRET, REGION = "winloss-test", "winloss-test-secret", "us-east-1"


@dataclass
class Files:
    """The storage a test runs on: ``kind`` names it in the test's id."""

    kind: str
    storage: Storage
    bucket: str = ""

    def empty_twin(self, folder: Path) -> Storage:
        """Another storage of the same kind, empty: a new bucket on the same server, or
        ``folder``. Where a restore goes."""
        if self.kind != "S3":
            return FileSystemStorage(location=folder)
        from winloss.lib.s3 import LimitedS3Storage

        bucket = f"winloss-{uuid.uuid4().hex[:12]}"
        twin = LimitedS3Storage(
            **{**settings.STORAGES["default"]["OPTIONS"], "bucket_name": bucket}
        )
        twin.connection.meta.client.create_bucket(Bucket=bucket)
        return twin


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """A local S3-compatible server on a free loopback port; its address."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_files(s3_server, settings, monkeypatch) -> Files:
    """The default storage switched to a new, empty bucket on the local server, as the
    S3_* variables configure it in production."""
    from winloss.settings import files_storage

    bucket = f"winloss-{uuid.uuid4().hex[:12]}"
    for name, value in {
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": s3_server,
        "S3_ACCESS_KEY_ID": KEY_ID,
        "S3_SECRET_ACCESS_KEY": SECRET,
        "S3_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": files_storage()}
    default_storage.connection.meta.client.create_bucket(Bucket=bucket)  # type: ignore[attr-defined]
    return Files("S3", default_storage, bucket)


@pytest.fixture(params=["file system", "S3"])
def stored_files(request, settings, tmp_path) -> Files:
    """The default storage, once a folder of the test's own and once a bucket."""
    if request.param == "S3":
        return request.getfixturevalue("s3_files")
    settings.MEDIA_ROOT = tmp_path / "media"
    return Files("file system", default_storage)
