"""The settings python3-saml works from: winloss as the service provider, from the server's
settings, and the company's identity provider, from its metadata.

python3-saml (with lxml and xmlsec) is imported by the functions that use it, so that starting
winloss without SAML does not pay for it. Metadata given as an address is read at the first
sign-in and kept for an hour (not at start-up: an unreachable identity provider must not stop
winloss from starting, nor password sign-in from working)."""

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.error import URLError

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse

from winloss.lib.errors import DomainError

if TYPE_CHECKING:
    from onelogin.saml2.settings import OneLogin_Saml2_Settings

METADATA_CACHE_SECONDS = 3600


class MetadataUnreadable(DomainError):
    """The identity provider's metadata could not be read; the message says so plainly."""


def request_data(request: HttpRequest) -> dict[str, Any]:
    """The request as python3-saml reads it: the address it came in at (checked against the
    assertion's recipient) and the posted response."""
    return {
        "https": "on" if request.is_secure() else "off",
        "http_host": request.get_host(),
        "script_name": request.path,
        "get_data": request.GET.copy(),
        "post_data": request.POST.copy(),
    }


def sp_settings(request: HttpRequest, *, with_idp: bool = True) -> "OneLogin_Saml2_Settings":
    """winloss's service-provider settings, and (``with_idp``) the identity provider's."""
    from onelogin.saml2.constants import OneLogin_Saml2_Constants as Constants
    from onelogin.saml2.settings import OneLogin_Saml2_Settings

    certificate = _read(settings.SAML_SP_CERT_FILE)
    key = _read(settings.SAML_SP_KEY_FILE)
    document: dict[str, Any] = {
        "strict": True,
        "sp": {
            "entityId": settings.SAML_SP_ENTITY_ID,
            "assertionConsumerService": {
                "url": request.build_absolute_uri(reverse("saml:acs")),
                "binding": Constants.BINDING_HTTP_POST,
            },
            "NameIDFormat": Constants.NAMEID_UNSPECIFIED,
            "x509cert": certificate,
            "privateKey": key,
        },
        "idp": identity_provider() if with_idp else {},
        "security": {
            # The assertion itself must carry the identity provider's signature.
            "wantAssertionsSigned": True,
            "wantMessagesSigned": False,
            "authnRequestsSigned": bool(key),
            "signMetadata": False,
            "wantAttributeStatement": True,
            "wantNameId": False,
            "requestedAuthnContext": False,
            # A response naming a request must name the one this browser started.
            "rejectUnsolicitedResponsesWithInResponseTo": True,
            "rejectDeprecatedAlgorithm": True,
            "signatureAlgorithm": Constants.RSA_SHA256,
            "digestAlgorithm": Constants.SHA256,
            # An intranet host name without dots is an address too.
            "allowSingleLabelDomains": True,
        },
    }
    return OneLogin_Saml2_Settings(document, sp_validation_only=not with_idp)


def identity_provider() -> dict[str, Any]:
    """The identity provider's entity id, sign-in address and signing certificate(s)."""
    source = settings.SAML_IDP_METADATA_URL or settings.SAML_IDP_METADATA_FILE
    key = f"sso:saml-metadata:{source}"
    found = cache.get(key)
    if found is None:
        found = _read_metadata()
        cache.set(key, found, METADATA_CACHE_SECONDS)
    return found


def _read_metadata() -> dict[str, Any]:
    from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser as Parser

    url = settings.SAML_IDP_METADATA_URL
    try:
        if url:
            parsed = Parser.parse_remote(url, timeout=settings.SAML_TIMEOUT)
        else:
            parsed = Parser.parse(Path(settings.SAML_IDP_METADATA_FILE).read_bytes())
    except (URLError, OSError) as error:
        where = url or settings.SAML_IDP_METADATA_FILE
        raise MetadataUnreadable(
            f"Your company's sign-in service's metadata could not be read ({where}): {error}"
        ) from None
    except Exception as error:  # the parser raises bare exceptions on bad XML
        raise MetadataUnreadable(
            f"Your company's sign-in service's metadata is not valid SAML metadata: {error}"
        ) from None
    idp = parsed.get("idp") or {}
    signing = idp.get("x509cert") or (idp.get("x509certMulti") or {}).get("signing")
    if not idp.get("entityId") or not idp.get("singleSignOnService") or not signing:
        raise MetadataUnreadable(
            "Your company's sign-in service's metadata does not name its entity id, its "
            "sign-in address and its signing certificate."
        )
    return idp


def _read(path: str) -> str:
    return Path(path).read_text() if path else ""
