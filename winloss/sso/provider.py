"""The company's OpenID Connect provider, as configured in the settings.

Its endpoints are given one by one, or discovered from the issuer's
``/.well-known/openid-configuration`` the first time someone signs in (not at start-up: an
unreachable provider must not stop winloss from starting, nor password sign-in from working).
"""

from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.cache import cache

from winloss.lib.errors import DomainError

DISCOVERY_CACHE_SECONDS = 3600


class ProviderUnreachable(DomainError):
    """The provider's discovery document could not be read; the message says so plainly."""


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    userinfo: str
    jwks: str


def endpoints() -> Endpoints:
    explicit = Endpoints(
        authorization=settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        token=settings.OIDC_OP_TOKEN_ENDPOINT,
        userinfo=settings.OIDC_OP_USER_ENDPOINT,
        jwks=settings.OIDC_OP_JWKS_ENDPOINT,
    )
    if not settings.OIDC_ISSUER or all(vars(explicit).values()):
        return explicit
    found = _discovered(settings.OIDC_ISSUER)
    # A setting given explicitly wins over the discovered one.
    return Endpoints(
        authorization=explicit.authorization or found["authorization_endpoint"],
        token=explicit.token or found["token_endpoint"],
        userinfo=explicit.userinfo or found["userinfo_endpoint"],
        jwks=explicit.jwks or found["jwks_uri"],
    )


def _discovered(issuer: str) -> dict[str, str]:
    key = f"sso:discovery:{issuer}"
    document = cache.get(key)
    if document is None:
        document = _fetch_discovery(issuer)
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def _fetch_discovery(issuer: str) -> dict[str, str]:
    # requests, like mozilla-django-oidc's own calls to the same provider: the address comes
    # from the operator's environment, not from a person (lib.remote guards typed addresses).
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnreachable(
            f"Your company's sign-in service did not answer ({url}): {error}"
        ) from None
    needed = ["authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"]
    missing = [name for name in needed if not document.get(name)]
    if missing:
        raise ProviderUnreachable(
            f"Your company's sign-in service does not name its {', '.join(missing)} ({url})."
        )
    return {name: document[name] for name in needed}
