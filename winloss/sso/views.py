"""Signing in with the company account (under /oidc/), and a workspace admin's sign-on page."""

from typing import Any

from django.contrib import auth, messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from winloss.accounts.access import WorkspaceRequest, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.lib.errors import errors_as_message, errors_on_form

from . import provider, services
from .backend import REFUSAL_ATTRIBUTE, signed_in_through_sso
from .forms import GroupRoleForm, RequirementForm
from .models import GroupRole, SignOnPolicy
from .protocols import is_configured, oidc_configured

DID_NOT_WORK = (
    "Signing in with your company account did not work. Try again, or log in with your password."
)


class _Start(OIDCAuthenticationRequestView):
    """Sends the person to their company's sign-in page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The endpoint is read per request (discovery may be needed): see dispatch.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not oidc_configured():
            raise Http404("Single sign-on is not set up here.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider.endpoints().authorization
        except provider.ProviderUnreachable as error:
            messages.error(request, str(error))
            return redirect("accounts:login")
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        return super().dispatch(request, *args, **kwargs)


class _Callback(OIDCAuthenticationCallbackView):
    """Where the provider sends the person back; a refusal is shown on the sign-in page."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not oidc_configured():
            raise Http404("Single sign-on is not set up here.")
        return super().dispatch(request, *args, **kwargs)

    def login_success(self) -> HttpResponse:
        # Always, also for someone already signed in with their password (the library skips
        # it then): the session now counts as one begun with the company account.
        auth.login(self.request, self.user)
        return super().login_success()

    def login_failure(self) -> HttpResponse:
        messages.error(self.request, getattr(self.request, REFUSAL_ATTRIBUTE, DID_NOT_WORK))
        return redirect("accounts:login")


start = _Start.as_view()
callback = _Callback.as_view()


def _settings_page(
    request: WorkspaceRequest, group_form: GroupRoleForm | None = None
) -> HttpResponse:
    policy = SignOnPolicy.objects.filter(workspace=request.workspace).first()
    required = bool(policy and policy.require_sso)
    context = {
        "configured": is_configured(),
        "required": required,
        "group_roles": GroupRole.objects.filter(workspace=request.workspace),
        "group_form": group_form or GroupRoleForm(),
        "signed_in_through_sso": signed_in_through_sso(request),
    }
    return render(request, "sso/settings.html", context)


@workspace_view(Cap.MANAGE_WORKSPACE)
def sign_on_settings(request: WorkspaceRequest, ws: str) -> HttpResponse:
    return _settings_page(request)


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def requirement(request: WorkspaceRequest, ws: str) -> HttpResponse:
    form = RequirementForm(request.POST)
    form.is_valid()  # a checkbox: absent means off
    required = bool(form.cleaned_data.get("require_sso"))
    with errors_as_message(request):
        services.set_sso_requirement(
            workspace=request.workspace,
            required=required,
            user=request.user,
            through_sso=signed_in_through_sso(request),
        )
        if required:
            messages.success(
                request,
                "Members now open this workspace only after signing in with their company account.",
            )
        else:
            messages.success(request, "Members may open this workspace after any sign-in.")
    return redirect("sign_on", ws=ws)


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def group_add(request: WorkspaceRequest, ws: str) -> HttpResponse:
    form = GroupRoleForm(request.POST)
    if form.is_valid():
        with errors_on_form(form):
            mapping = services.map_group(
                workspace=request.workspace,
                group=form.cleaned_data["group"],
                role=form.cleaned_data["role"],
                user=request.user,
            )
            messages.success(
                request,
                f"Members of {mapping.group} become {mapping.get_role_display()} when they next "
                "sign in with their company account.",
            )
            return redirect("sign_on", ws=ws)
    return _settings_page(request, form)


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def group_remove(request: WorkspaceRequest, ws: str) -> HttpResponse:
    mapping = request.POST.get("group_role")
    if not mapping:
        return redirect("sign_on", ws=ws)
    found = get_workspace_object(request, GroupRole, mapping)
    services.unmap_group(mapping=found, user=request.user)
    messages.success(
        request, f"The group {found.group} no longer gives a role; members keep theirs."
    )
    return redirect("sign_on", ws=ws)
