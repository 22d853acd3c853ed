from django.http import HttpRequest

from .provider import is_configured


def sign_on(request: HttpRequest) -> dict:
    """Whether the sign-in page offers "Sign in with your company account"."""
    return {"sso_configured": is_configured()}
