from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from winloss.lib.errors import errors_as_message

from . import invitations, services
from .access import SignedInRequest, WorkspaceRequest, workspace_view
from .forms import AcceptInvitationForm, ProfileForm
from .models import User
from .roles import Cap


@login_required
def home(request: SignedInRequest) -> HttpResponse:
    """Back to the workspace the person used last, or the list to choose from."""
    memberships = list(request.user.memberships.select_related("workspace"))
    slugs = {m.workspace.slug for m in memberships}
    last = request.user.last_workspace
    if last and last.slug in slugs:
        return redirect("workspace_home", ws=last.slug)
    if len(memberships) == 1:
        return redirect("workspace_home", ws=memberships[0].workspace.slug)
    return render(request, "accounts/choose_workspace.html", {"memberships": memberships})


@workspace_view(Cap.VIEW)
def workspace_home(request: WorkspaceRequest, ws: str) -> HttpResponse:
    services.remember_workspace(user=request.user, workspace=request.workspace)
    return redirect("programs:list", ws=ws)


@login_required
def profile(request: SignedInRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, initial={"name": user.name, "timezone": user.timezone})
    if request.method == "POST" and form.is_valid():
        services.rename_user(user=user, name=form.cleaned_data["name"])
        services.set_user_time_zone(user=user, name=form.cleaned_data["timezone"])
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile")
    memberships = user.memberships.select_related("workspace").order_by("workspace__name")
    return render(request, "accounts/profile.html", {"form": form, "memberships": memberships})


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The public page an invitation email links to. Looking changes nothing; only the
    invited person's POST accepts."""
    try:
        invite = invitations.find_invitation(token)
    except invitations.InvitationUnusable as error:
        # Unknown: "not found" (404). Known but used, withdrawn or expired: "gone" (410).
        return render(
            request, "accounts/invitation_unusable.html", {"error": error}, status=error.status
        )
    user = request.user
    account = User.objects.filter(email__iexact=invite.email).first()
    context: dict[str, Any] = {
        "invitation": invite,
        "form": None,
        "has_account": account is not None,
        # Added by an admin or the CLI, never logged in: they must choose a password first.
        "needs_password": account is not None and not account.has_usable_password(),
        "wrong_person": user.is_authenticated and user.email.lower() != invite.email.lower(),
    }
    if user.is_authenticated:
        if request.method == "POST" and not context["wrong_person"]:
            return _accept(request, token, user=user)
    elif account is None:
        form = AcceptInvitationForm(request.POST or None, email=invite.email)
        if request.method == "POST" and form.is_valid():
            return _accept(
                request,
                token,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
            )
        context["form"] = form
    return render(request, "accounts/invitation.html", context)


def _accept(request: HttpRequest, token: str, **kwargs: Any) -> HttpResponse:
    with errors_as_message(request):
        membership = invitations.accept_invitation(token=token, **kwargs)
        if not request.user.is_authenticated:
            # The account was made a moment ago with the password just typed: no need to ask
            # for it again. Named backend: axes' backend only guards authenticate().
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome to {membership.workspace}.")
        return redirect("workspace_home", ws=membership.workspace.slug)
    return redirect("accounts:invitation", token=token)
