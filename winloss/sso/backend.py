"""The authentication backends of single sign-on: the company's OpenID Connect provider, and
the session a SAML sign-in begins.

mozilla-django-oidc does the protocol (code exchange, the ID token's signature and nonce, the
userinfo call); ``services.sign_in_with_company_account`` decides who that is. A refusal is
kept on the request for the callback view to show on the sign-in page.
"""

import logging
import time
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from winloss.accounts.models import User

from . import provider
from .protocols import oidc_configured
from .services import CompanyAccount, SignOnError, sign_in_with_company_account

logger = logging.getLogger(__name__)
REFUSAL_ATTRIBUTE = "sso_refusal"
CLOCK_SKEW_SECONDS = 60  # between the provider's clock and ours
BACKEND_PATH = "winloss.sso.backend.CompanyAccountBackend"


SAML_BACKEND_PATH = "winloss.sso.backend.SamlSessionBackend"


def signed_in_through_sso(request: HttpRequest) -> bool:
    """Whether this session began with the company's sign-in service, through either protocol
    (Django keeps the backend that signed the person in, in the session)."""
    return request.session.get(BACKEND_SESSION_KEY) in (BACKEND_PATH, SAML_BACKEND_PATH)


def _verified(value: Any) -> bool:
    # Some providers send the flag as a JSON string.
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _groups(value: Any) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, list | tuple):
        return frozenset(str(group) for group in value)
    return frozenset()


def refuse(request: HttpRequest, reason: str) -> None:
    setattr(request, REFUSAL_ATTRIBUTE, reason)


class CompanyAccountBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django makes a backend for every request of a session signed in through it (to load
        # its user): no settings or provider read here, so that stays cheap and works even
        # with single sign-on switched off or the provider down.
        self.UserModel = get_user_model()

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # A password sign-in comes here too, after the other backends: not ours.
        if request is None or not oidc_configured():
            return None
        if not (request.GET.get("code") and request.GET.get("state")):
            return None
        try:
            self._configure(provider.endpoints())
            return super().authenticate(request, **kwargs)
        except provider.ProviderUnreachable as error:
            refuse(request, str(error))
        except requests.RequestException:
            refuse(
                request,
                "Your company's sign-in service did not confirm the sign-in. Try again in a "
                "moment, or log in with your password.",
            )
        except SuspiciousOperation as error:
            logger.warning("A company sign-in was refused: %s", error)
            refuse(request, "The answer from your company's sign-in service was not valid.")
        return None

    def _configure(self, endpoints: provider.Endpoints) -> None:
        self.OIDC_OP_TOKEN_ENDPOINT = endpoints.token
        self.OIDC_OP_USER_ENDPOINT = endpoints.userinfo
        self.OIDC_OP_JWKS_ENDPOINT = endpoints.jwks
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def verify_token(self, token: str, **kwargs: Any) -> dict:
        # The library checks the signature and the nonce; a token must also be meant for
        # winloss, come from the configured issuer and be current.
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued to another application.")
        issuer = str(payload.get("iss") or "").rstrip("/")
        if settings.OIDC_ISSUER and issuer != settings.OIDC_ISSUER:
            raise SuspiciousOperation(f"The ID token comes from {issuer}, not the issuer set.")
        if float(payload.get("exp") or 0) < time.time() - CLOCK_SKEW_SECONDS:
            raise SuspiciousOperation("The ID token has expired.")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict) -> User | None:
        # The ID token's claims, then userinfo's: Entra puts the groups only in the ID token,
        # Okta the groups only in userinfo when asked for the groups scope.
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        account = CompanyAccount(
            email=str(claims.get("email") or ""),
            verified=_verified(claims.get(settings.OIDC_EMAIL_VERIFIED_CLAIM)),
            name=str(claims.get("name") or ""),
            groups=_groups(claims.get(settings.OIDC_GROUPS_CLAIM)),
            issuer=str(claims.get("iss") or ""),
        )
        try:
            return sign_in_with_company_account(
                account=account, may_create=settings.OIDC_CREATE_USER
            )
        except SignOnError as error:
            refuse(self.request, str(error))
            return None


class SamlSessionBackend(ModelBackend):
    """Keeps a session begun by a SAML sign-in (``saml/views.py`` signs the person in with it,
    after ``saml/services.py`` checked the assertion): it loads the session's person like the
    password backend, and authenticates nobody itself."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        return None
