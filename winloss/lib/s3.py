"""The S3 storage with time limits: botocore's defaults (60 s to connect, 60 s a read, five
tries) hold an upload, a page or ``/readyz`` for minutes when the bucket's server is away.
Loaded by Django's storage machinery only when S3_BUCKET is set."""

from botocore.config import Config
from storages.backends.s3 import S3Storage


class LimitedS3Storage(S3Storage):
    def __init__(self, *, timeout: float = 20, **options: object) -> None:
        super().__init__(**options)
        # Merged into the Config django-storages builds (addressing style, signature, proxies).
        built: Config = self.client_config  # type: ignore[has-type]
        self.client_config = built.merge(
            Config(
                connect_timeout=timeout,
                read_timeout=timeout,
                retries={"max_attempts": 3, "mode": "standard"},
            )
        )
