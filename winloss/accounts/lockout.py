"""Which account a login attempt is counted against, for django-axes' lockouts.

The login form posts the email address in its ``username`` field. Counting it as typed would
let ``Alice@Acme.example`` and ``alice@acme.example `` each have their own allowance of
guesses for one account, so the address is counted the way login matches it: folded.
"""

from django.http import HttpRequest


def attempted_account(request: HttpRequest, credentials: dict | None = None) -> str | None:
    data = credentials if credentials else getattr(request, "data", request.POST)
    typed = data.get("username") if data else None
    return typed.strip().casefold() or None if isinstance(typed, str) else None
