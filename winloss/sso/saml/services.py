"""Accepting a SAML response: python3-saml checks the identity provider's signature on the
assertion, the audience, the recipient, the validity window and that it answers the request
this browser started; here the assertion is also refused when it names no audience or was
used before, and its attributes become the ``CompanyAccount`` that OpenID Connect signs in
through too (``sso.services``)."""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from winloss.accounts.models import User

from ..models import ConsumedAssertion
from ..services import CompanyAccount, SignOnError, sign_in_with_company_account
from .config import request_data, sp_settings

logger = logging.getLogger(__name__)
# The validity window python3-saml allows for the clocks' difference, kept for replays too.
CLOCK_DRIFT = dt.timedelta(minutes=5)
# An assertion without its own NotOnOrAfter is remembered this long.
DEFAULT_LIFETIME = dt.timedelta(hours=1)
NOT_VALID = "The answer from your company's sign-in service was not valid."


def _response_class() -> type:
    """python3-saml's response with one more check: the assertion must say whom it is meant
    for (the library checks the audience only when one is named)."""
    from onelogin.saml2.response import OneLogin_Saml2_Response

    class Response(OneLogin_Saml2_Response):
        def is_valid(
            self, request_data: dict, request_id: str | None = None, raise_exceptions: bool = False
        ) -> bool:
            if not super().is_valid(request_data, request_id, raise_exceptions):
                return False
            if not self.get_audiences():
                self._error = "The assertion names no audience."
                return False
            return True

    return Response


def start(request: HttpRequest) -> tuple[str, str]:
    """The identity provider's sign-in address carrying a new authentication request, and the
    request's id (the response must answer it)."""
    from onelogin.saml2.auth import OneLogin_Saml2_Auth

    auth = OneLogin_Saml2_Auth(request_data(request), sp_settings(request))
    url = auth.login()
    return url, auth.get_last_request_id()


def metadata(request: HttpRequest) -> str:
    """winloss's service-provider metadata, for the identity provider's administrators."""
    sp = sp_settings(request, with_idp=False)
    document = sp.get_sp_metadata()
    errors = sp.validate_metadata(document)
    if errors:  # a bug in the settings built above, not something a person did
        raise RuntimeError(f"winloss's SAML metadata is not valid: {', '.join(errors)}")
    return document.decode() if isinstance(document, bytes) else str(document)


def accept_response(request: HttpRequest, *, request_id: str) -> User:
    """The person a posted SAML response vouches for, signed in through the same path as
    OpenID Connect. Raises ``SignOnError`` with a sentence for the person when the response
    is not valid, answers another request, was used before, or names no verified address."""
    if not request_id:
        raise SignOnError(
            "This sign-in did not start at winloss, or took too long. Sign in with your company "
            "account again."
        )
    from onelogin.saml2.auth import OneLogin_Saml2_Auth
    from onelogin.saml2.errors import OneLogin_Saml2_Error

    auth = OneLogin_Saml2_Auth(request_data(request), sp_settings(request))
    auth.response_class = _response_class()
    try:
        auth.process_response(request_id=request_id)
    except OneLogin_Saml2_Error as error:
        logger.warning("A SAML sign-in was refused: %s", error)
        raise SignOnError(NOT_VALID) from None
    if auth.get_errors() or not auth.is_authenticated():
        logger.warning("A SAML sign-in was refused: %s", auth.get_last_error_reason())
        raise SignOnError(NOT_VALID)
    issuer = str(sp_settings(request).get_idp_data()["entityId"])
    _consume(auth.get_last_assertion_id(), auth.get_last_assertion_not_on_or_after(), issuer)
    attributes = auth.get_attributes()
    email = _first(attributes.get(settings.SAML_EMAIL_ATTRIBUTE))
    account = CompanyAccount(
        email=email,
        verified=_verified(email, attributes),
        name=_first(attributes.get(settings.SAML_NAME_ATTRIBUTE)),
        groups=frozenset(str(g) for g in attributes.get(settings.SAML_GROUPS_ATTRIBUTE) or []),
        issuer=issuer,
    )
    return sign_in_with_company_account(account=account, may_create=settings.SAML_CREATE_USER)


def _consume(assertion_id: str | None, not_on_or_after: int | None, issuer: str) -> None:
    """Remember the assertion; refuse it when it was remembered already (a replay)."""
    now = timezone.now()
    expires = (
        dt.datetime.fromtimestamp(not_on_or_after, tz=dt.UTC)
        if not_on_or_after
        else now + DEFAULT_LIFETIME
    )
    try:
        with transaction.atomic():
            ConsumedAssertion.objects.filter(not_on_or_after__lt=now - CLOCK_DRIFT).delete()
            ConsumedAssertion.objects.create(
                assertion_id=str(assertion_id or ""), issuer=issuer, not_on_or_after=expires
            )
    except IntegrityError:
        logger.warning("A SAML assertion was posted again: %s from %s", assertion_id, issuer)
        raise SignOnError(
            "This answer from your company's sign-in service was used already. Sign in with "
            "your company account again."
        ) from None


def _first(values: Any) -> str:
    if isinstance(values, list | tuple):
        return str(values[0]).strip() if values else ""
    return str(values or "").strip()


def _verified(email: str, attributes: dict[str, Any]) -> bool:
    """Whether the identity provider vouches that the address is the person's: in a domain the
    company owns, and/or flagged verified, as the settings ask."""
    domains = settings.SAML_EMAIL_DOMAINS
    if domains and email.rpartition("@")[2].lower() not in domains:
        return False
    flag = settings.SAML_EMAIL_VERIFIED_ATTRIBUTE
    return not flag or _first(attributes.get(flag)).lower() == "true"
