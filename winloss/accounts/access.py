"""The access checks every workspace view goes through.

``workspace_view(cap)`` resolves the workspace from the URL and the person's membership in it:
404 for a workspace they do not belong to (so its existence does not leak), 403 when their role
may not do what the view does. Object helpers then fetch only within that workspace.
The permission-matrix test walks every route to prove no view skips this.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from .models import Membership, User, Workspace
from .roles import Cap

View = Callable[..., HttpResponse]


class SignedInRequest(HttpRequest):
    """What a view behind ``login_required`` receives: its user is a person, not anonymous."""

    user: User


class WorkspaceRequest(SignedInRequest):
    """What a ``workspace_view`` receives: a member inside the workspace of the URL."""

    workspace: Workspace
    membership: Membership


def membership_for(user, slug: str) -> Membership:
    if not user.is_authenticated:
        raise Http404
    try:
        return Membership.objects.select_related("workspace").get(user=user, workspace__slug=slug)
    except Membership.DoesNotExist:
        raise Http404("No such workspace.") from None


def workspace_view(cap: Cap) -> Callable[[View], View]:
    """Decorate a view taking ``ws`` (the workspace slug) as its first URL argument."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, ws: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = membership_for(request.user, ws)
            # Known before the check, so the "not allowed" page can lead back into the workspace.
            request.workspace = membership.workspace  # type: ignore[attr-defined]
            request.membership = membership  # type: ignore[attr-defined]
            if not membership.can(cap):
                raise PermissionDenied(
                    f"Your role ({membership.get_role_display()}) cannot do this here."
                )
            return view(request, ws, *args, **kwargs)

        wrapped.access_cap = cap  # type: ignore[attr-defined]
        return wrapped

    return decorator


def can(request: HttpRequest, cap: Cap) -> bool:
    """For templates and views: may the current member do this? (Only after workspace_view.)"""
    membership: Membership | None = getattr(request, "membership", None)
    return membership is not None and membership.can(cap)


def get_workspace_object(
    request: HttpRequest, model: type[Model] | QuerySet, pk: Any, **filters: Any
) -> Any:
    """An object of ``model`` (or from a queryset of it, to select related rows) inside the
    request's workspace, or 404 — never another workspace's. The web's views and the API's
    endpoints both fetch through here; the API answers the 404 as JSON."""
    queryset = model if isinstance(model, QuerySet) else model._default_manager.all()
    workspace: Workspace = request.workspace  # type: ignore[attr-defined]
    # get(), not first(): a primary key is unique, and first() would compile an ORDER BY from
    # the model's default ordering (a millisecond of ORM work on every call).
    try:
        return queryset.get(pk=pk, workspace=workspace, **filters)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404(f"No such {queryset.model._meta.verbose_name}.") from None
