"""Following, unfollowing and the two kinds of message: the weekly digest and the note that a
deal's interview summary is ready. Each message is claimed (a unique row) before it is sent,
as reminders are, so however many runs overlap a person hears once; a send that fails gives
the claim back, so the next run tries again."""

import datetime as dt
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from winloss.accounts.models import Membership, User, Workspace
from winloss.accounts.roles import Cap
from winloss.activity.services import log_action
from winloss.evidence.forms import SearchForm
from winloss.evidence.queries import series
from winloss.interviews.models import Interview
from winloss.interviews.queries import VALIDATED
from winloss.lib import chat
from winloss.lib.errors import DomainError
from winloss.lib.remote import FetchFailed

from .models import DigestSent, DigestSettings, Follows, Subscription, SummaryNotice
from .queries import Digest, build_digest

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "winloss.digests.unsubscribe"
FIRST_DIGEST_LOOKS_BACK = dt.timedelta(days=7)
SUMMARY_NOTICE_WINDOW = dt.timedelta(days=7)  # older validations predate the notice


class DigestError(DomainError):
    pass


@transaction.atomic
def follow(*, workspace: Workspace, member: User, follows: str, value: str) -> Subscription:
    """Follow one of the evidence library's filter values; following it again changes nothing.
    The library's own search form decides what exists in the workspace."""
    if follows not in Follows.values:
        raise DigestError("Choose a theme, competitor, segment or program to follow.")
    form = SearchForm({follows: value}, workspace=workspace, waves=series(workspace))
    if not value or not form.is_valid():
        raise DigestError(f"There is no such {Follows(follows).label.lower()} here to follow.")
    label = dict(form.fields[follows].choices)[form.cleaned_data[follows]]  # type: ignore[attr-defined]
    subscription, made = Subscription.objects.get_or_create(
        workspace=workspace,
        member=member,
        follows=follows,
        value=str(form.cleaned_data[follows]),
        defaults={"label": label},
    )
    if made:
        log_action(
            subscription, "subscription.followed", user=member, data={"what": str(subscription)}
        )
    return subscription


@transaction.atomic
def unfollow(subscription: Subscription, *, user: User) -> None:
    if subscription.member_id != user.pk:
        raise DigestError("Only the person who follows something may stop following it.")
    log_action(subscription, "subscription.unfollowed", user=user, data={"what": str(subscription)})
    subscription.delete()


@transaction.atomic
def save_delivery(
    *, workspace: Workspace, member: User, by_email: bool, chat_kind: str, chat_url: str
) -> DigestSettings:
    if bool(chat_kind) != bool(chat_url):
        raise DigestError("Give both the kind of chat channel and its webhook address, or neither.")
    if not by_email and not chat_url:
        raise DigestError("Keep email on, or give a chat channel: a digest needs somewhere to go.")
    delivery, _ = DigestSettings.objects.update_or_create(
        workspace=workspace,
        member=member,
        defaults={"by_email": by_email, "chat_kind": chat_kind, "chat_url": chat_url},
    )
    log_action(
        delivery,
        "digest.delivery_changed",
        user=member,
        data={"email": by_email, "chat": delivery.get_chat_kind_display() or "none"},
    )
    return delivery


def unsubscribe_token(membership: Membership) -> str:
    return signing.dumps([membership.user_id, membership.workspace_id], salt=UNSUBSCRIBE_SALT)


def unsubscribe_link(membership: Membership) -> str:
    return settings.SITE_URL + reverse(
        "unsubscribe:unsubscribe", args=[unsubscribe_token(membership)]
    )


def membership_of(token: str) -> Membership:
    """The membership a signed unsubscribe link names; DigestError for a forged or stale one."""
    try:
        user_id, workspace_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return Membership.objects.select_related("user", "workspace").get(
            user_id=user_id, workspace_id=workspace_id
        )
    except (signing.BadSignature, ValueError, TypeError, Membership.DoesNotExist):
        raise DigestError(
            "This unsubscribe link is not valid (or you left the workspace)."
        ) from None


@transaction.atomic
def unsubscribe(membership: Membership) -> int:
    """Stop every digest of the workspace for this person: unfollow all. How many stopped."""
    following = Subscription.objects.filter(workspace=membership.workspace, member=membership.user)
    count = following.count()
    if count:
        log_action(
            membership.workspace,
            "digest.unsubscribed",
            user=membership.user,
            data={"count": count},
        )
        following.delete()
    return count


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def send_digests(*, now: dt.datetime | None = None) -> int:
    """This week's digest to each member who follows something and has not had it: built as
    their role sees the pages, sent only when it has something to say. How many went."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    week = week_of(today)
    pairs = (
        Subscription.objects.filter(member__is_active=True)
        .values_list("workspace_id", "member_id")
        .distinct()
        .order_by()
    )
    sent = 0
    for workspace_id, member_id in pairs:
        membership = (
            Membership.objects.select_related("user", "workspace")
            .filter(workspace_id=workspace_id, user_id=member_id)
            .first()
        )
        if membership is None:  # left the workspace: what they followed there stays silent
            continue
        sent += send_digest(membership, week=week, now=now)
    return sent


def send_digest(membership: Membership, *, week: dt.date, now: dt.datetime) -> bool:
    sent = DigestSent.objects.filter(workspace=membership.workspace, member=membership.user)
    if sent.filter(week=week).exists():
        return False
    last = sent.order_by("-sent_at").values_list("sent_at", flat=True).first()
    digest = build_digest(
        membership, since=last or now - FIRST_DIGEST_LOOKS_BACK, today=timezone.localdate(now)
    )
    return not digest.empty and deliver_once(digest, week=week, now=now)


def deliver_once(digest: Digest, *, week: dt.date, now: dt.datetime) -> bool:
    """Claim the week's digest, then deliver it: a run that finds it claimed by another sends
    nothing; a delivery that fails gives the claim back, so the next run tries again."""
    membership = digest.membership
    try:
        with transaction.atomic():
            claim = DigestSent.objects.create(
                workspace=membership.workspace,
                member=membership.user,
                week=week,
                sent_at=now,
                excerpts=digest.excerpts,
                actions=len(digest.actions),
                figures=len(digest.figures),
            )
    except IntegrityError:  # another run claimed it
        return False
    try:
        deliver(digest)
    except Exception:
        claim.delete()
        logger.exception("The digest for %s could not be sent", membership.user)
        return False
    return True


def deliver(digest: Digest) -> None:
    """By email unless the member turned it off; to their chat channel if they gave one (a
    chat outage is logged; with email off, it fails the delivery so it is tried again)."""
    membership = digest.membership
    delivery = DigestSettings.objects.filter(
        workspace=membership.workspace, member=membership.user
    ).first() or DigestSettings(by_email=True)
    if delivery.by_email:
        digest_message(digest).send()
    if delivery.chat_url:
        try:
            chat.post(
                delivery.chat_kind,
                delivery.chat_url,
                title=f"Your weekly win-loss digest for {membership.workspace.name}",
                text=headline(digest),
                link=subscriptions_link(membership.workspace),
            )
        except FetchFailed as error:
            if not delivery.by_email:
                raise
            logger.warning("Digest chat message for %s failed: %s", membership.user, error)


def headline(digest: Digest) -> str:
    """The digest in one line, without any buyer's words: a chat channel may be read by
    people outside the member's role."""
    parts = [
        f"{s.count} new excerpt{'s' if s.count != 1 else ''} on {s.subscription.label}"
        for s in digest.sections
    ]
    if digest.figures:
        parts.append(
            f"{len(digest.figures)} changed figure{'s' if len(digest.figures) != 1 else ''}"
        )
    if digest.actions:
        parts.append(f"{len(digest.actions)} action{'s' if len(digest.actions) != 1 else ''} due")
    return "; ".join(parts) + "."


def subscriptions_link(workspace: Workspace) -> str:
    return settings.SITE_URL + reverse("digests:subscriptions", kwargs={"ws": workspace.slug})


def digest_message(digest: Digest) -> EmailMultiAlternatives:
    membership = digest.membership
    unsubscribe = unsubscribe_link(membership)
    context = {
        "digest": digest,
        "workspace": membership.workspace,
        "member": membership.user,
        "stakeholder": not membership.can(Cap.VIEW_EVIDENCE),
        "subscriptions": subscriptions_link(membership.workspace),
        "unsubscribe": unsubscribe,
        "site": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=f"Your weekly win-loss digest: {headline(digest)}"[:200],
        body=render_to_string("digests/email/digest.txt", context),
        to=[membership.user.email],
        # One click in the mail program unsubscribes (RFC 8058), no login needed.
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("digests/email/digest.html", context), "text/html")
    return message


def account_team_of(interview: Interview) -> tuple[str, bool]:
    """The address to tell about the deal's summary, and whether it is a member who can open
    it: the deal owner's winloss account if they are in the workspace, else the deal owner's
    email from the CRM (who may have no account)."""
    deal = interview.entry.deal
    if deal.owner is not None and deal.owner.email:
        member = Membership.objects.filter(user=deal.owner, workspace=interview.workspace)
        if member.exists():
            return deal.owner.email, True
    if deal.owner_email:
        member = Membership.objects.filter(
            user__email__iexact=deal.owner_email, workspace=interview.workspace
        )
        return deal.owner_email, member.exists()
    return "", False


def send_summary_notices(*, now: dt.datetime | None = None) -> int:
    """Tell each deal's account team, once, that its interview summary is ready (validated in
    the last week; earlier ones were never announced). How many were told."""
    now = now or timezone.now()
    ready = (
        Interview.objects.filter(VALIDATED, validation__decided_at__gte=now - SUMMARY_NOTICE_WINDOW)
        .exclude(pk__in=SummaryNotice.objects.values("interview_id"))
        .select_related("entry__deal__owner", "workspace", "program__owner")
    )
    told = 0
    for interview in ready:
        to, member = account_team_of(interview)
        if not to:
            continue
        try:
            with transaction.atomic():
                claim = SummaryNotice.objects.create(interview=interview, to=to, sent_at=now)
        except IntegrityError:
            continue
        try:
            summary_message(interview, to, member).send()
        except Exception:
            claim.delete()
            logger.exception("The summary notice for interview %s could not be sent", interview.pk)
            continue
        told += 1
    return told


def summary_message(interview: Interview, to: str, member: bool) -> EmailMultiAlternatives:
    link = settings.SITE_URL + reverse(
        "reports:interview_summary",
        kwargs={
            "ws": interview.workspace.slug,
            "program_id": interview.program_id,
            "interview_id": interview.pk,
        },
    )
    context = {"interview": interview, "deal": interview.entry.deal, "link": link, "member": member}
    return EmailMultiAlternatives(
        subject=f"The interview summary for {interview.entry.deal} is ready",
        body=render_to_string("digests/email/summary_ready.txt", context),
        to=[to],
    )
