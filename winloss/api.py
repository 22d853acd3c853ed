"""The REST API under /api/v1: each stage adds its router here."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.openapi.docs import ABS_TPL_PATH

from winloss.api_auth import TokenAuth
from winloss.lib.errors import DomainError


class LocalSwagger(Swagger):
    """Swagger UI from ninja's own copy, served as our static files (settings.NINJA_DIR):
    ninja takes it from a CDN unless listed in INSTALLED_APPS, which it is not, to keep
    commands from loading it; the CSP would block a CDN."""

    template_cdn = str(ABS_TPL_PATH / "swagger.html")


api = NinjaAPI(
    title="winloss API",
    version="1",
    description=(
        "Read and write a win-loss program. Authenticate with a personal API token "
        "(`Authorization: Bearer <token>`), created under *API tokens* in the app: it acts as you, "
        "with your role, in one workspace."
    ),
    urls_namespace="api",
    auth=TokenAuth(),
    docs=LocalSwagger(),
    # Swagger UI sets inline styles; only its page may use them.
    docs_decorator=csp_update({"style-src": [UNSAFE_INLINE]}),
)


@api.exception_handler(DomainError)
def domain_error(request, error: DomainError):
    """A refused change answers its status (400 unless the error says otherwise, 409 for a
    lost edit) with the message a person reads in the app, as ``{"detail": …}``."""
    return api.create_response(request, {"detail": str(error)}, status=error.status)


@api.exception_handler(Http404)
def not_found(request, error: Http404):
    """A missing object, or one in another workspace (the same answer, so its existence does
    not leak), named as the pages name it: ``{"detail": "No such deal."}``."""
    return api.create_response(request, {"detail": str(error) or "Not found."}, status=404)


api.add_router("/programs", "winloss.programs.api.router")
api.add_router("/deals", "winloss.deals.api.router")
api.add_router("/programs", "winloss.analysis.api.router")
api.add_router("", "winloss.coding.api.router")
