"""The workspace admin's pages: members, roles and invitations."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from winloss.lib.errors import errors_as_message, errors_on_form

from . import invitations, services
from .access import WorkspaceRequest, get_workspace_object, workspace_view
from .forms import InviteForm, RoleForm, WorkspaceNameForm, WorkspaceTimeZoneForm
from .models import INVITATION_LIFETIME, Invitation, Membership
from .roles import Cap, Role


def _members_page(request: WorkspaceRequest, invite_form: InviteForm) -> HttpResponse:
    workspace = request.workspace
    context = {
        "form": invite_form,
        "memberships": Membership.objects.filter(workspace=workspace).select_related("user"),
        # Expired ones stay listed so an admin sees why someone never joined, and withdraws
        # the old link before inviting again.
        "invitations": Invitation.objects.filter(
            workspace=workspace, accepted_at=None, revoked_at=None
        ).select_related("invited_by"),
        "roles": Role.choices,
        "lifetime_days": INVITATION_LIFETIME.days,
        "zone_form": WorkspaceTimeZoneForm(initial={"timezone": workspace.timezone}),
        "name_form": WorkspaceNameForm(
            initial={"name": workspace.name, "version": workspace.version}
        ),
    }
    return render(request, "accounts/members.html", context)


@workspace_view(Cap.MANAGE_WORKSPACE)
def members(request: WorkspaceRequest, ws: str) -> HttpResponse:
    return _members_page(request, InviteForm())


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def invite(request: WorkspaceRequest, ws: str) -> HttpResponse:
    form = InviteForm(request.POST)
    if form.is_valid():
        with errors_on_form(form):
            invitations.invite_member(
                workspace=request.workspace,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("members", ws=ws)
    return _members_page(request, form)


def _after_own_change(request: WorkspaceRequest, ws: str) -> HttpResponse:
    """Where to go after a change to people: back to the list, unless the admin just took
    away their own right to see it."""
    membership = Membership.objects.filter(user=request.user, workspace__slug=ws).first()
    if membership is None:
        return redirect("home")
    if not membership.can(Cap.MANAGE_WORKSPACE):
        return redirect("workspace_home", ws=ws)
    return redirect("members", ws=ws)


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def member_role(request: WorkspaceRequest, ws: str, membership_id: int) -> HttpResponse:
    member = get_workspace_object(request, Membership, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the roles in the list.")
        return redirect("members", ws=ws)
    with errors_as_message(request):
        member = services.change_role(
            membership=member,
            role=form.cleaned_data["role"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        messages.success(request, f"{member.user} is now {member.get_role_display()}.")
        return _after_own_change(request, ws)
    return redirect("members", ws=ws)


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def member_remove(request: WorkspaceRequest, ws: str, membership_id: int) -> HttpResponse:
    member = get_workspace_object(request, Membership, membership_id)
    with errors_as_message(request):
        services.remove_member(membership=member, by=request.user)
        messages.success(request, f"{member.user} no longer belongs to this workspace.")
        return _after_own_change(request, ws)
    return redirect("members", ws=ws)


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def invitation_revoke(request: WorkspaceRequest, ws: str, invitation_id: int) -> HttpResponse:
    invite = get_workspace_object(request, Invitation, invitation_id)
    with errors_as_message(request):
        invitations.revoke_invitation(invitation=invite, by=request.user)
        messages.success(request, f"The invitation for {invite.email} was withdrawn.")
    return redirect("members", ws=ws)


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def workspace_rename(request: WorkspaceRequest, ws: str) -> HttpResponse:
    form = WorkspaceNameForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the workspace a name (up to 200 characters).")
        return redirect("members", ws=ws)
    stale = "Someone renamed the workspace meanwhile: its name now is shown; rename it again."
    with errors_as_message(request, stale=stale):
        services.rename_workspace(
            workspace=request.workspace,
            name=form.cleaned_data["name"],
            user=request.user,
            expected_version=form.cleaned_data["version"],
        )
        messages.success(request, f"The workspace is now called “{request.workspace.name}”.")
    return redirect("members", ws=ws)


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def workspace_time_zone(request: WorkspaceRequest, ws: str) -> HttpResponse:
    form = WorkspaceTimeZoneForm(request.POST)
    if form.is_valid():
        services.set_workspace_time_zone(
            workspace=request.workspace,
            name=form.cleaned_data["timezone"],
            user=request.user,
        )
        messages.success(request, "The workspace's time zone is saved.")
    else:
        messages.error(request, "Pick the time zone from the list.")
    return redirect("members", ws=ws)
