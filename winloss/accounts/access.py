"""The access checks every workspace view goes through.

``workspace_view(cap)`` resolves the workspace from the URL and the person's membership in it:
404 for a workspace they do not belong to (so its existence does not leak), 403 when their role
may not do what the view does. Object helpers then fetch only within that workspace.
The permission-matrix test walks every route to prove no view skips this.
"""

from collections.abc import Callable
from functools import cache, wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import connection
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from winloss.lib.rows import Columns

from .middleware import activate_workspace_zone
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


_MEMBERSHIP = Columns(Membership, "m")
_WORKSPACE = Columns(Workspace, "w")


@cache
def _membership_sql() -> str:
    return (
        f"SELECT {_MEMBERSHIP.select()}, {_WORKSPACE.select()} FROM {_MEMBERSHIP.table} m "
        f"INNER JOIN {_WORKSPACE.table} w ON w.id = m.workspace_id "
        "WHERE m.user_id = %s AND w.slug = %s"
    )


def membership_for(user, slug: str) -> Membership:
    """The user's membership of the workspace ``slug``, the workspace loaded, or 404. Under
    every page: one statement written once (``lib.rows``), read on every request."""
    if not user.is_authenticated:
        raise Http404
    with connection.cursor() as cursor:
        cursor.execute(_membership_sql(), [user.pk, slug])
        row = cursor.fetchone()  # at most one: a person is a member of a workspace once
    if row is None:
        raise Http404("No such workspace.")
    membership = _MEMBERSHIP.build(row[: len(_MEMBERSHIP)])
    membership.workspace = _WORKSPACE.build(row[len(_MEMBERSHIP) :])
    return membership


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
            activate_workspace_zone(request.user, membership.workspace)
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
