"""The service provider's routes under /saml/ (404 unless SAML is configured): its metadata,
the start of a sign-in, and the assertion consumer service the identity provider posts to."""

import json

from django.contrib import auth, messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from ..backend import SAML_BACKEND_PATH
from ..protocols import saml_configured
from ..services import SignOnError
from . import services
from .config import MetadataUnreadable

# The request a sign-in started, and where to go after it. In a cookie of its own, not the
# session: the identity provider posts back from its own site, and browsers send a SameSite=Lax
# session cookie with no such post.
PENDING_COOKIE = "winloss_saml"
PENDING_SALT = "winloss.sso.saml.pending"
PENDING_SECONDS = 600


def _configured() -> None:
    if not saml_configured():
        raise Http404("Single sign-on with SAML is not set up here.")


@require_GET
def metadata(request: HttpRequest) -> HttpResponse:
    _configured()
    return HttpResponse(services.metadata(request), content_type="application/samlmetadata+xml")


@require_GET
def login(request: HttpRequest) -> HttpResponse:
    _configured()
    try:
        url, request_id = services.start(request)
    except MetadataUnreadable as error:
        messages.error(request, str(error))
        return redirect("accounts:login")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(url)
    response.set_signed_cookie(
        PENDING_COOKIE,
        json.dumps({"id": request_id, "next": next_url}),
        salt=PENDING_SALT,
        max_age=PENDING_SECONDS,
        path="/saml/",
        httponly=True,
        secure=request.is_secure(),
        # Sent with the identity provider's cross-site post; browsers take None only over HTTPS.
        samesite="None" if request.is_secure() else "Lax",
    )
    return response


@csrf_exempt  # the identity provider posts here; the signed assertion is the check
@require_POST
def acs(request: HttpRequest) -> HttpResponse:
    _configured()
    raw = request.get_signed_cookie(
        PENDING_COOKIE, default="", salt=PENDING_SALT, max_age=PENDING_SECONDS
    )
    pending = json.loads(raw) if raw else {}
    try:
        user = services.accept_response(request, request_id=str(pending.get("id") or ""))
    except (SignOnError, MetadataUnreadable) as error:
        messages.error(request, str(error))
        response = redirect("accounts:login")
    else:
        # Also for someone signed in with their password already: the session now counts as
        # one begun with the company account.
        auth.login(request, user, backend=SAML_BACKEND_PATH)
        response = redirect(pending.get("next") or "/")
    # Used once: a second post of the same response finds no request to answer.
    response.delete_cookie(
        PENDING_COOKIE, path="/saml/", samesite="None" if request.is_secure() else "Lax"
    )
    return response
