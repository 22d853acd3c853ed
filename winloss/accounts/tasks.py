from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django_tasks import task

from .models import Invitation


@task()
def send_invitation_email(invitation_id: int, token: str) -> None:
    """Email the invitation link. The token is never stored; it only travels in this message."""
    from .services import invitation_link

    invitation = Invitation.objects.select_related("workspace", "invited_by").get(pk=invitation_id)
    context = {
        "invitation": invitation,
        "inviter": invitation.invited_by,
        "link": invitation_link(token),
    }
    inviter = invitation.invited_by.get_full_name() if invitation.invited_by else "winloss"
    message = EmailMultiAlternatives(
        subject=f"{inviter} invites you to {invitation.workspace.name} on winloss",
        body=render_to_string("accounts/email/invitation.txt", context),
        to=[invitation.email],
    )
    message.attach_alternative(
        render_to_string("accounts/email/invitation.html", context), "text/html"
    )
    message.send()
