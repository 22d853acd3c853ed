"""A connection's secret, encrypted at rest with Fernet under ``CRM_SECRET_KEY``.

With DEBUG on and no key set, the key is derived from ``SECRET_KEY`` (a local setup keeps its
connections across restarts); in production the key must be set, apart from ``SECRET_KEY``, so
rotating one does not lose the other. ``cryptography`` is imported only when a secret is read
or written.
"""

import base64
import hashlib

from django.conf import settings

from winloss.lib.errors import DomainError


class SecretUnavailable(DomainError):
    """The secret cannot be encrypted or read; the message says what to do."""


def _fernet():
    from cryptography.fernet import Fernet

    key = settings.CRM_SECRET_KEY
    if not key:
        if not settings.DEBUG:
            raise SecretUnavailable(
                "CRM_SECRET_KEY is not set, so CRM secrets cannot be stored or read. Ask the "
                "person who runs winloss to set it (see the configuration guide)."
            )
        digest = hashlib.sha256(b"winloss crm secrets\x00" + settings.SECRET_KEY.encode())
        key = base64.urlsafe_b64encode(digest.digest()).decode()
    try:
        return Fernet(key)
    except ValueError:
        raise SecretUnavailable(
            "CRM_SECRET_KEY is not a Fernet key (32 bytes, URL-safe base64)."
        ) from None


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str:
    from cryptography.fernet import InvalidToken

    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretUnavailable(
            "The saved secret cannot be read with the current CRM_SECRET_KEY (it was changed?): "
            "enter the secret again on the CRM sync page."
        ) from None
