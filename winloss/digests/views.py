"""My subscriptions: what a member follows, how their digest reaches them, the digests sent;
following from the evidence library; and the unsubscribe page that a digest links to, which
needs no login (the signed link is the check)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt

from winloss.accounts.access import get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.evidence.forms import FOLLOWABLE, SearchForm
from winloss.evidence.queries import series
from winloss.lib.errors import errors_as_message

from . import services
from .forms import DeliveryForm, FollowForm
from .models import DigestSent, DigestSettings, Follows, Subscription


@workspace_view(Cap.VIEW)
def subscriptions_page(request, ws):
    mine = {"workspace": request.workspace, "member": request.user}
    delivery = DigestSettings.objects.filter(**mine).first() or DigestSettings(by_email=True)
    choices = SearchForm(workspace=request.workspace, waves=series(request.workspace))
    return render(
        request,
        "digests/subscriptions.html",
        {
            "subscriptions": Subscription.objects.filter(**mine),
            "choices": [
                (name, Follows(name).label, choices.fields[name].choices[1:])  # type: ignore[attr-defined]
                for name in FOLLOWABLE
            ],
            "delivery_form": DeliveryForm(
                initial={
                    "by_email": delivery.by_email,
                    "chat_kind": delivery.chat_kind,
                    "chat_url": delivery.chat_url,
                }
            ),
            "sent": DigestSent.objects.filter(**mine)[:8],
        },
    )


def _back(request, ws):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("digests:subscriptions", ws=ws)


@workspace_view(Cap.VIEW)
def follow(request, ws):
    if request.method != "POST":
        return redirect("digests:subscriptions", ws=ws)
    form = FollowForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a theme, competitor, segment or program to follow.")
        return _back(request, ws)
    with errors_as_message(request):
        subscription = services.follow(
            workspace=request.workspace, member=request.user, **form.cleaned_data
        )
        messages.success(request, f"You follow {subscription}: it is in your weekly digest.")
    return _back(request, ws)


@workspace_view(Cap.VIEW)
def unfollow(request, ws, subscription_id):
    # Only one's own: another person's subscription is "not found", as if it did not exist.
    subscription = get_workspace_object(request, Subscription, subscription_id, member=request.user)
    if request.method == "POST":
        with errors_as_message(request):
            services.unfollow(subscription, user=request.user)
            messages.success(request, f"You no longer follow {subscription}.")
    return redirect("digests:subscriptions", ws=ws)


@workspace_view(Cap.VIEW)
def delivery(request, ws):
    form = DeliveryForm(request.POST or None)
    if request.method == "POST" and not form.is_valid():
        messages.error(request, "Give the chat channel's webhook address as https://…")
    elif request.method == "POST":
        with errors_as_message(request):
            services.save_delivery(
                workspace=request.workspace, member=request.user, **form.cleaned_data
            )
            messages.success(request, "Saved how your digest reaches you.")
    return redirect("digests:subscriptions", ws=ws)


@csrf_exempt  # a mail program's one-click unsubscribe POSTs without a form (RFC 8058)
def unsubscribe(request, token):
    """GET asks to confirm (a link scanner's visit must not unsubscribe anyone); POST, from
    the page's button or the mail program, stops every digest of the workspace."""
    try:
        membership = services.membership_of(token)
    except services.DigestError as error:
        return render(request, "digests/unsubscribe.html", {"error": str(error)}, status=404)
    done = None
    if request.method == "POST":
        done = services.unsubscribe(membership)
    return render(request, "digests/unsubscribe.html", {"membership": membership, "done": done})
