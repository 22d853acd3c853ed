"""Connection secrets at rest: encrypted with the configured key, unreadable without it."""

import pytest

from winloss.crm.secrets import SecretUnavailable, decrypt, encrypt


def test_a_secret_is_stored_encrypted_and_read_back(settings):
    token = encrypt("pat-na1-secret")

    assert "pat-na1-secret" not in token and decrypt(token) == "pat-na1-secret"


def test_without_a_key_a_production_server_says_what_to_set(settings):
    settings.CRM_SECRET_KEY, settings.DEBUG = "", False

    with pytest.raises(SecretUnavailable, match="CRM_SECRET_KEY is not set"):
        encrypt("pat-na1-secret")


def test_a_local_setup_derives_its_key_from_the_secret_key(settings):
    settings.CRM_SECRET_KEY, settings.DEBUG = "", True

    assert decrypt(encrypt("pat-na1-secret")) == "pat-na1-secret"


def test_a_changed_key_asks_for_the_secret_again(settings):
    from cryptography.fernet import Fernet

    token = encrypt("pat-na1-secret")
    settings.CRM_SECRET_KEY = Fernet.generate_key().decode()

    with pytest.raises(SecretUnavailable, match="enter the secret again"):
        decrypt(token)


def test_a_key_that_is_not_a_fernet_key_is_named(settings):
    settings.CRM_SECRET_KEY = "not-a-key"

    with pytest.raises(SecretUnavailable, match="not a Fernet key"):
        encrypt("pat-na1-secret")
