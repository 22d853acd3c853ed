"""Email about people, sent by the task worker so that no page waits on a mail server."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from .models import Invitation, User


def invitation_link(token: str) -> str:
    # No request here (a worker sends it), so the link is built on the configured address.
    return settings.SITE_URL + reverse("accounts:invitation", args=[token])


def invitation_message(invitation: Invitation, token: str) -> EmailMultiAlternatives:
    inviter = invitation.invited_by
    context = {"invitation": invitation, "inviter": inviter, "link": invitation_link(token)}
    who = inviter.get_full_name() if inviter else "A workspace admin"
    message = EmailMultiAlternatives(
        subject=f"{who} invites you to {invitation.workspace.name} on winloss",
        body=render_to_string("accounts/email/invitation.txt", context),
        to=[invitation.email],
        # A question about the invitation goes to the person who sent it, not to a robot.
        reply_to=[inviter.email] if inviter else [],
    )
    message.attach_alternative(
        render_to_string("accounts/email/invitation.html", context), "text/html"
    )
    return message


@task()
def send_invitation_email(invitation_id: int, token: str) -> None:
    """Email the invitation link. The token is never stored; it only travels in this task's
    arguments and in the message."""
    invitation = (
        Invitation.objects.select_related("workspace", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    # Withdrawn (or its workspace deleted) before the worker got to it: a link that no longer
    # works would only confuse the person.
    if invitation is None or not invitation.is_usable:
        return
    invitation_message(invitation, token).send()


@task()
def send_password_reset_email(user_id: int, domain: str, use_https: bool) -> None:
    """Email a link to choose a new password, made for ``domain`` (the host the person asked
    from, or the configured site for the CLI).

    The one-time token is made here, not passed in: Django derives it from the account's
    current state, so no secret waits in the task queue.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    context = {
        "email": user.email,
        "user": user,
        "domain": domain,
        "site_name": "winloss",
        "protocol": "https" if use_https else "http",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    # A subject is one line, whatever the template's line breaks.
    subject = " ".join(
        render_to_string("accounts/email/password_reset_subject.txt", context).split()
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("accounts/email/password_reset.txt", context),
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("accounts/email/password_reset.html", context), "text/html"
    )
    message.send()
