"""Which single sign-on protocol this server speaks: OpenID Connect (``provider.py``) or SAML
2.0 (``saml/``), as set in the settings. Both lead to the same sign-in, roles and rules."""

from django.conf import settings
from django.urls import reverse


def oidc_configured() -> bool:
    """OpenID Connect is on when a client id is set (settings.py checks the rest)."""
    return bool(settings.OIDC_RP_CLIENT_ID)


def saml_configured() -> bool:
    """SAML is on when the identity provider's metadata is given (a file or an address)."""
    return bool(settings.SAML_IDP_METADATA_FILE or settings.SAML_IDP_METADATA_URL)


def is_configured() -> bool:
    """Whether people may sign in with their company account at all."""
    return oidc_configured() or saml_configured()


def start_url() -> str:
    """Where "Sign in with your company account" leads (settings.py allows one protocol)."""
    return reverse("sso:start") if oidc_configured() else reverse("saml:login")
