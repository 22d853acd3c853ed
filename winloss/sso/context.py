from django.http import HttpRequest

from .protocols import is_configured, start_url


def sign_on(request: HttpRequest) -> dict:
    """Whether the sign-in page offers "Sign in with your company account", and where it leads."""
    configured = is_configured()
    return {"sso_configured": configured, "sso_start_url": start_url() if configured else ""}
