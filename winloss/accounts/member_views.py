"""The workspace admin's pages: members, roles and invitations."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import services
from .access import get_workspace_object, workspace_view
from .forms import InviteForm, RoleForm
from .models import Invitation, Membership
from .roles import Cap


@workspace_view(Cap.MANAGE_WORKSPACE)
def members(request, ws):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(
                workspace=request.workspace,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except services.AccountsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("members", ws=ws)
    context = {
        "form": form,
        "memberships": Membership.objects.filter(workspace=request.workspace).select_related(
            "user"
        ),
        "invitations": Invitation.objects.filter(
            workspace=request.workspace, accepted_at=None, revoked_at=None
        ),
        "role_form": RoleForm(),
    }
    return render(request, "accounts/members.html", context)


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def member_role(request, ws, membership):
    membership = get_workspace_object(request, Membership, membership)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.change_role(
                membership=membership, role=form.cleaned_data["role"], by=request.user
            )
        except services.AccountsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{membership.user} is now {membership.get_role_display()}.")
    return redirect("members", ws=ws)


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def member_remove(request, ws, membership):
    membership = get_workspace_object(request, Membership, membership)
    try:
        services.remove_member(membership=membership, by=request.user)
    except services.AccountsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{membership.user} no longer belongs to this workspace.")
    return redirect("members", ws=ws)


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def invitation_revoke(request, ws, invitation):
    invitation = get_workspace_object(request, Invitation, invitation)
    try:
        services.revoke_invitation(invitation=invitation, by=request.user)
    except services.AccountsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The invitation for {invitation.email} was withdrawn.")
    return redirect("members", ws=ws)
